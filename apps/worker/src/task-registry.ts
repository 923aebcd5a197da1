import type { JobName } from '@rankfall/job-contracts';
import type { Task } from 'graphile-worker';
import { healthcheckTask } from './tasks/healthcheck.task';

/**
 * Task implementations by job name. Each task parses its payload with its contract first; jobs whose
 * task has not landed yet stay queued (graphile-worker only fetches jobs it has a task for).
 */
export const taskRegistry: Partial<Record<JobName, Task>> = {
  healthcheck: healthcheckTask,
};
