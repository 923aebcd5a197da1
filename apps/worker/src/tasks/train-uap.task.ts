import { executeTrainUap, type StageContext } from '@rankfall/runs/stages';
import type { Task } from 'graphile-worker';
import { runStageTask } from './run-stage-task';

/** `train-uap` (job key `run:<id>:train-uap`): UAP's universal perturbation on the train split, checkpointed, then the perturb shards. */
export const trainUapTask = (ctx: StageContext): Task => runStageTask('train-uap', 'TRAIN_UAP', ctx, (c, p) => executeTrainUap(c, p.runId));
