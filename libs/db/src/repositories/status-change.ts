import type { RunStatus } from '../generated/prisma/client';

/**
 * What a guarded status change of a worker-executed row (import request, model evaluation, transfer) writes: the
 * row's own data, the new status, `startedAt` on RUNNING, `finishedAt` on SUCCEEDED / FAILED, and an error message
 * bounded to 2 000 characters.
 */
export function statusChangeData<T extends { errorMessage?: unknown }>(to: RunStatus, data: T, now = new Date()) {
  return {
    ...data,
    status: to,
    ...(to === 'RUNNING' ? { startedAt: now } : {}),
    ...(to === 'SUCCEEDED' || to === 'FAILED' ? { finishedAt: now } : {}),
    ...(typeof data.errorMessage === 'string' ? { errorMessage: data.errorMessage.slice(0, 2000) } : {}),
  };
}
