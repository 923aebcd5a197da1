import { findRunForExecution, notifyRunEvent, transitionRun, updateStage, type PrismaClient } from '@rankfall/db';

/**
 * Fails a run permanently with its reason on the run (the worker edge calls this for bad input and for
 * transient errors that used up their retries). Finished images and stages are kept for a retry.
 */
export async function failRun(prisma: PrismaClient, runId: string, failure: { code: string; message: string; stage?: 'CLEAN_SCORING' | 'TARGETS' | 'TRAIN_UAP' | 'PERTURB' | 'AGGREGATE' }): Promise<void> {
  const run = await findRunForExecution(prisma, runId);
  if (!run) return;
  if (failure.stage) await updateStage(prisma, runId, failure.stage, { status: 'FAILED' }, ['QUEUED', 'RUNNING']);
  if (await transitionRun(prisma, runId, ['QUEUED', 'RUNNING'], 'FAILED', { errorCode: failure.code, errorMessage: failure.message, message: `failed: ${failure.code}` })) await notifyRunEvent(prisma, run);
}
