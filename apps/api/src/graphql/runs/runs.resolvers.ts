import type { RunRow, SweepRow } from '@rankfall/db';
import type { SweepPoint } from '@rankfall/runs';
import type { TeamWithRole } from '../../services/access.service';
import type { ResolverMap } from '../build-schema';
import type { ApiContext } from '../context';
import { createdAtCursorOf, parseCreatedAtPage, toConnection } from '../pagination';
import { createRunArgs, createSweepArgs, runIdArgs, runsArgs } from './runs.inputs';

export const runsResolvers: ResolverMap = {
  Query: {
    run: (_parent: unknown, args: unknown, { services }: ApiContext) => services.runs.run(runIdArgs.parse(args).id),
    sweep: (_parent: unknown, args: unknown, { services }: ApiContext) => services.runs.sweep(runIdArgs.parse(args).id),
  },
  Team: {
    runs: async (team: TeamWithRole, args: unknown, { services }: ApiContext) => {
      const { filter } = runsArgs.parse(args);
      const { page, total } = await services.runs.runs(team.id, filter ?? {}, parseCreatedAtPage(args));
      return toConnection(page, createdAtCursorOf, total);
    },
  },
  Run: {
    model: (run: RunRow, _args: unknown, { services }: ApiContext) => services.catalog.model(run.modelId),
    dataset: (run: RunRow, _args: unknown, { services }: ApiContext) => services.catalog.dataset(run.datasetId),
    createdBy: (run: RunRow, _args: unknown, { loaders }: ApiContext) => (run.createdById ? loaders.user.load(run.createdById) : null),
    sweep: (run: RunRow, _args: unknown, { loaders }: ApiContext) => (run.sweepId ? loaders.sweep.load(run.sweepId) : null),
    stages: (run: RunRow, _args: unknown, { loaders }: ApiContext) => loaders.stagesOfRun.load(run.id),
    shards: (run: RunRow, _args: unknown, { loaders }: ApiContext) => loaders.shardsOfRun.load(run.id),
    metrics: (run: RunRow, _args: unknown, { loaders }: ApiContext) => loaders.metricsOfRun.load(run.id),
  },
  Sweep: {
    runs: (sweep: SweepRow, _args: unknown, { loaders }: ApiContext) => loaders.runsOfSweep.load(sweep.id),
    curve: (sweep: SweepRow, _args: unknown, { services }: ApiContext) => services.runs.sweepCurve(sweep),
  },
  SweepPoint: {
    value: (point: SweepPoint) => (Number.isFinite(point.value) ? point.value : null),
    run: (point: SweepPoint, _args: unknown, { services }: ApiContext) => services.runs.run(point.runId),
  },
  Mutation: {
    createRun: (_parent: unknown, args: unknown, { services }: ApiContext) => services.runs.create(createRunArgs.parse(args).input),
    createSweep: (_parent: unknown, args: unknown, { services }: ApiContext) => services.runs.createSweep(createSweepArgs.parse(args).input),
    cancelRun: (_parent: unknown, args: unknown, { services }: ApiContext) => services.runs.cancel(runIdArgs.parse(args).id),
    retryRun: (_parent: unknown, args: unknown, { services }: ApiContext) => services.runs.retry(runIdArgs.parse(args).id),
    deleteRun: (_parent: unknown, args: unknown, { services }: ApiContext) => services.runs.delete(runIdArgs.parse(args).id),
  },
};
