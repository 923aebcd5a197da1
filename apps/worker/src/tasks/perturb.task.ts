import { executePerturbShard, type StageContext } from '@rankfall/runs/stages';
import type { Task } from 'graphile-worker';
import { runStageTask } from './run-stage-task';

/** `perturb` (job key `run:<id>:perturb:<shard>`): one shard of the run's images; the last shard enqueues aggregate. */
export const perturbTask = (ctx: StageContext): Task => runStageTask('perturb', 'PERTURB', ctx, (c, p) => executePerturbShard(c, p.runId, p.shard));
