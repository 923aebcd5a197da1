import { parseJobPayload } from '@rankfall/job-contracts';
import type { Task } from 'graphile-worker';

/** Proves the queue round trip; records nothing. */
export const healthcheckTask: Task = async (payload, helpers) => {
  const { requestedAt } = parseJobPayload('healthcheck', payload);
  helpers.logger.info(`healthcheck requested at ${requestedAt} handled by job ${helpers.job.id}`);
};
