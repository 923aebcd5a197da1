import { executeOptimizeTargets, type StageContext } from '@rankfall/runs/stages';
import type { Task } from 'graphile-worker';
import { runStageTask } from './run-stage-task';

/** `optimize-targets` (job key `run:<id>:optimize-targets`): SMA stage 1, checkpointed, then the perturb shards. */
export const optimizeTargetsTask = (ctx: StageContext): Task => runStageTask('optimize-targets', 'TARGETS', ctx, (c, p) => executeOptimizeTargets(c, p.runId));
