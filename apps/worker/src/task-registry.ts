import type { JobName } from '@rankfall/job-contracts';
import { executeDatasetImport, executeModelRegistration, type ImportLimits, type StageContext } from '@rankfall/runs/stages';
import { importTask } from './tasks/import-task';
import type { Task } from 'graphile-worker';
import { aggregateTask } from './tasks/aggregate.task';
import { healthcheckTask } from './tasks/healthcheck.task';
import { optimizeTargetsTask } from './tasks/optimize-targets.task';
import { perturbTask } from './tasks/perturb.task';
import { scoreCleanTask } from './tasks/score-clean.task';
import { trainUapTask } from './tasks/train-uap.task';
import { evaluateModelTask } from './tasks/evaluate-model.task';
import { transferTask } from './tasks/transfer.task';

/** Task implementations by job name (one file each, thin over libs/runs); each parses its payload first. */
export function createTaskRegistry(ctx: StageContext, limits: ImportLimits = { importRoot: null }): Record<JobName, Task> {
  return {
    'import-dataset': importTask('import-dataset', ctx, (c, id) => executeDatasetImport(c, id, limits)),
    'register-model': importTask('register-model', ctx, executeModelRegistration),
    healthcheck: healthcheckTask,
    'score-clean': scoreCleanTask(ctx),
    'optimize-targets': optimizeTargetsTask(ctx),
    'train-uap': trainUapTask(ctx),
    perturb: perturbTask(ctx),
    aggregate: aggregateTask(ctx),
    'evaluate-model': evaluateModelTask(ctx),
    transfer: transferTask(ctx),
  };
}
