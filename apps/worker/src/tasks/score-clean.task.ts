import { executeScoreClean, type StageContext } from '@rankfall/runs/stages';
import type { Task } from 'graphile-worker';
import { runStageTask } from './run-stage-task';

/** `score-clean` (job key `run:<id>:score-clean`): clean scores of the run's images, then the next stage's jobs. */
export const scoreCleanTask = (ctx: StageContext): Task => runStageTask('score-clean', 'CLEAN_SCORING', ctx, (c, p) => executeScoreClean(c, p.runId));
