import { executeAggregate, type StageContext } from '@rankfall/runs/stages';
import type { Task } from 'graphile-worker';
import { runStageTask } from './run-stage-task';

/** `aggregate` (job key `run:<id>:aggregate`): every run metric with its CI; the run SUCCEEDED. */
export const aggregateTask = (ctx: StageContext): Task => runStageTask('aggregate', 'AGGREGATE', ctx, (c, p) => executeAggregate(c, p.runId));
