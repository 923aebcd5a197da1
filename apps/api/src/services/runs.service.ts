import {
  countRuns,
  findSweepWithRuns,
  listRunsPage,
  scoreChangeHistogram,
  type CreatedAtCursor,
  type Histogram,
  type PageQuery,
  type PrismaClient,
  type RunListFilter,
  type RunRow,
  type SweepRow,
} from '@rankfall/db';
import { cancelRun, createRun, createSweep, deleteRun, retryRun, sweepPoints, type SweepPoint } from '@rankfall/runs';
import type { AccessService } from './access.service';
import { ApiError, notFound } from './api-error';
import type { Listing } from './catalog.service';
import type { Loaders } from './loaders';
import { roleAtLeast } from './roles';

export interface RunRequest {
  teamId: string;
  name?: string | null;
  modelId: string;
  datasetId: string;
  split?: 'TRAIN' | 'VAL' | 'TEST' | null;
  imageIds?: string[] | null;
  attackId: string;
  config?: unknown;
  seed?: number | null;
  shardCount?: number | null;
}

function engineRequest(request: RunRequest, createdById: string) {
  return {
    teamId: request.teamId,
    createdById,
    name: request.name ?? null,
    modelId: request.modelId,
    datasetId: request.datasetId,
    split: request.split ?? null,
    ...(request.imageIds ? { imageIds: request.imageIds } : {}),
    attackId: request.attackId,
    ...(request.config !== undefined && request.config !== null ? { config: request.config } : {}),
    ...(request.seed !== undefined && request.seed !== null ? { seed: request.seed } : {}),
    ...(request.shardCount ? { shardCount: request.shardCount } : {}),
  };
}

/** Runs: read by VIEWER+; created, cancelled and retried by MEMBER+ through the run engine (@rankfall/runs). */
export class RunsService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly access: AccessService,
    private readonly loaders: Loaders,
  ) {}

  async runs(teamId: string, filter: RunListFilter, page: PageQuery<CreatedAtCursor>): Promise<Listing<RunRow>> {
    await this.access.requireRole(teamId, 'VIEWER');
    return { page: await listRunsPage(this.prisma, teamId, filter, page), total: () => countRuns(this.prisma, teamId, filter) };
  }

  /** A visible run of one of the viewer's teams, else NOT_FOUND. */
  async run(id: string): Promise<RunRow> {
    this.access.requireUser();
    return (await this.loaders.run.load(id)) ?? Promise.reject(notFound('Run'));
  }

  /** Re-reads a run, bypassing this request's cache (after a mutation, on a subscription event). */
  async freshRun(id: string): Promise<RunRow | null> {
    this.loaders.run.clear(id);
    this.loaders.stagesOfRun.clear(id);
    this.loaders.shardsOfRun.clear(id);
    this.loaders.metricsOfRun.clear(id);
    return this.loaders.run.load(id);
  }

  async sweep(id: string): Promise<SweepRow> {
    this.access.requireUser();
    return (await this.loaders.sweep.load(id)) ?? Promise.reject(notFound('Sweep'));
  }

  /** The sweep's robustness-vs-budget points (the run engine's `sweepPoints`, as the CLI's report). */
  async sweepCurve(sweep: SweepRow): Promise<SweepPoint[]> {
    const full = await findSweepWithRuns(this.prisma, sweep.teamId, sweep.id);
    return full ? sweepPoints(full) : [];
  }

  async histogram(run: RunRow, bins: number): Promise<Histogram> {
    return scoreChangeHistogram(this.prisma, run.teamId, run.id, bins);
  }

  async create(request: RunRequest): Promise<RunRow> {
    await this.access.requireRole(request.teamId, 'MEMBER');
    const summary = await createRun(this.prisma, engineRequest(request, this.access.requireUser().id));
    return (await this.freshRun(summary.id)) ?? Promise.reject(notFound('Run'));
  }

  async createSweep(request: RunRequest & { parameter: string; values: number[] }): Promise<{ sweep: SweepRow; runs: RunRow[] }> {
    await this.access.requireRole(request.teamId, 'MEMBER');
    const created = await createSweep(this.prisma, { ...engineRequest(request, this.access.requireUser().id), parameter: request.parameter, values: request.values });
    const [sweep, runs] = await Promise.all([this.loaders.sweep.load(created.sweepId), Promise.all(created.runs.map((run) => this.freshRun(run.id)))]);
    if (!sweep) throw notFound('Sweep');
    return { sweep, runs: runs.filter((run): run is RunRow => run !== null) };
  }

  async cancel(id: string): Promise<RunRow> {
    const run = await this.run(id);
    await this.access.requireRole(run.teamId, 'MEMBER');
    await cancelRun(this.prisma, run.teamId, id);
    return (await this.freshRun(id)) ?? Promise.reject(notFound('Run'));
  }

  async retry(id: string): Promise<RunRow> {
    const run = await this.run(id);
    await this.access.requireRole(run.teamId, 'MEMBER');
    await retryRun(this.prisma, run.teamId, id);
    return (await this.freshRun(id)) ?? Promise.reject(notFound('Run'));
  }

  /** MEMBER+ delete their own runs; ADMIN+ any run of the team (soft delete). */
  async delete(id: string): Promise<boolean> {
    const run = await this.run(id);
    const role = await this.access.requireRole(run.teamId, 'MEMBER');
    if (!roleAtLeast(role, 'ADMIN') && run.createdById !== this.access.requireUser().id) {
      throw new ApiError('FORBIDDEN', 'Only the run’s author or an ADMIN can delete it');
    }
    await deleteRun(this.prisma, run.teamId, id);
    this.loaders.run.clear(id);
    return true;
  }
}
