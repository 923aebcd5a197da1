import {
  enqueueJob,
  findRun,
  findRunForExecution,
  lockRun,
  notifyRunEvent,
  requestRunCancel,
  resetUnfinishedShards,
  softDeleteRun,
  transitionRun,
  updateStage,
  withTransaction,
  type DbTx,
  type PrismaClient,
  type RunSummary,
} from '@rankfall/db';
import { RunsError } from './runs-error';

async function requireRun(db: PrismaClient | DbTx, teamId: string, runId: string): Promise<RunSummary> {
  const run = await findRun(db, teamId, runId);
  if (!run) throw new RunsError('NOT_FOUND', `Run ${runId} does not exist in this team`, 'runId');
  return run;
}

/**
 * Requests cancellation. A queued run is cancelled at once; a running one stops at the next image or
 * stage-1 checkpoint, keeping every finished image. Cancelling a finished run is INVALID_STATE.
 */
export async function cancelRun(prisma: PrismaClient, teamId: string, runId: string): Promise<RunSummary> {
  return withTransaction(prisma, async (tx) => {
    const run = await requireRun(tx, teamId, runId);
    if (run.status !== 'QUEUED' && run.status !== 'RUNNING') throw new RunsError('INVALID_STATE', `Run ${runId} is ${run.status.toLowerCase()}: only a queued or running run can be cancelled`);
    await requestRunCancel(tx, teamId, runId);
    await transitionRun(tx, runId, ['QUEUED'], 'CANCELLED', { message: 'cancelled before it started' });
    await notifyRunEvent(tx, { id: runId, teamId });
    return requireRun(tx, teamId, runId);
  });
}

/**
 * Retries the failed or cancelled part of a run: finished stages and images are kept, the first unfinished
 * stage (or the unfinished perturb shards) is enqueued again.
 */
export async function retryRun(prisma: PrismaClient, teamId: string, runId: string): Promise<RunSummary> {
  return withTransaction(prisma, async (tx) => {
    const summary = await requireRun(tx, teamId, runId);
    await lockRun(tx, runId);
    const run = await findRunForExecution(tx, runId);
    if (!run) throw new RunsError('NOT_FOUND', `Run ${runId} does not exist in this team`, 'runId');
    if (run.status !== 'FAILED' && run.status !== 'CANCELLED') throw new RunsError('INVALID_STATE', `Run ${runId} is ${summary.status.toLowerCase()}: only a failed or cancelled run can be retried`);
    await transitionRun(tx, runId, ['FAILED', 'CANCELLED'], 'QUEUED', { message: 'retry queued' });
    const stage = (kind: string) => run.stages.find((s) => s.kind === kind);
    const unfinished = (kind: string) => stage(kind) !== undefined && stage(kind)?.status !== 'SUCCEEDED';
    if (unfinished('CLEAN_SCORING')) {
      await updateStage(tx, runId, 'CLEAN_SCORING', { status: 'QUEUED' });
      await enqueueJob(tx, 'score-clean', { runId });
    } else if (unfinished('TARGETS')) {
      await updateStage(tx, runId, 'TARGETS', { status: 'QUEUED' });
      await enqueueJob(tx, 'optimize-targets', { runId });
    } else if (unfinished('TRAIN_UAP')) {
      await updateStage(tx, runId, 'TRAIN_UAP', { status: 'QUEUED' });
      await enqueueJob(tx, 'train-uap', { runId });
    } else if (unfinished('PERTURB')) {
      await updateStage(tx, runId, 'PERTURB', { status: 'QUEUED' });
      for (const shard of await resetUnfinishedShards(tx, runId, 'PERTURB')) await enqueueJob(tx, 'perturb', { runId, shard, shardCount: run.shardCount });
    } else {
      await updateStage(tx, runId, 'AGGREGATE', { status: 'QUEUED' });
      await enqueueJob(tx, 'aggregate', { runId });
    }
    await notifyRunEvent(tx, { id: runId, teamId });
    return requireRun(tx, teamId, runId);
  });
}

/** Soft-deletes a run: it disappears from every list and query; a running one is cancelled first. */
export async function deleteRun(prisma: PrismaClient, teamId: string, runId: string): Promise<void> {
  await withTransaction(prisma, async (tx) => {
    await requireRun(tx, teamId, runId);
    await softDeleteRun(tx, teamId, runId);
    await transitionRun(tx, runId, ['QUEUED', 'RUNNING'], 'CANCELLED', { message: 'deleted' });
    await notifyRunEvent(tx, { id: runId, teamId });
  });
}
