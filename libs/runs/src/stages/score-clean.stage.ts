import { enqueueJob, findRunForExecution, listRunImages, lockRun, notifyRunEvent, setRunProgress, updateStage, upsertImageResult, withTransaction } from '@rankfall/db';
import { RunsError } from '../runs-error';
import { loadRunImage, scoreImage } from './run-image-loader';
import { cancelIfRequested, isTerminal, markRunning, runProgress, throwIfStopping } from './run-guards';
import { runDefenseOf } from './model-cache';
import type { StageContext, StageOutcome } from './stage-context';

/**
 * Stage `score-clean` (ARCHITECTURE.md step 2): the model's score of every clean image of the run, one
 * image at a time, each written at once (keyed by run and image), images already scored skipped. Then, in
 * one transaction, the stage is marked done and the next stage's job(s) enqueued.
 */
export async function executeScoreClean(ctx: StageContext, runId: string): Promise<StageOutcome> {
  const { prisma } = ctx;
  const run = await findRunForExecution(prisma, runId);
  if (!run || isTerminal(run)) return 'skipped';
  if (run.stages.find((s) => s.kind === 'CLEAN_SCORING')?.status === 'SUCCEEDED') return 'skipped';
  if (await cancelIfRequested(prisma, run, 'before scoring')) return 'cancelled';
  await markRunning(ctx, run, 'scoring clean images');
  await updateStage(prisma, runId, 'CLEAN_SCORING', { status: 'RUNNING' });

  const images = await listRunImages(prisma, run);
  const model = await ctx.models.get(ctx.store, run.model, runDefenseOf(run));
  let done = images.filter((image) => image.result?.cleanScore != null).length;
  for (const image of images) {
    if (image.result?.cleanScore != null) continue;
    throwIfStopping(ctx);
    if (await cancelIfRequested(prisma, run, `${done} of ${images.length} clean scores kept`)) return 'cancelled';
    const decoded = await loadRunImage(ctx.store, image);
    const score = scoreImage(model, decoded.data, decoded.height, decoded.width);
    if (!Number.isFinite(score)) throw new RunsError('INVALID_INPUT', `model "${run.model.catalogId}" returned a non-finite score for image ${image.key}`);
    await upsertImageResult(prisma, { runId, imageId: image.id, cleanScore: score });
    done += 1;
    await updateStage(prisma, runId, 'CLEAN_SCORING', { progress: done / images.length });
    await setRunProgress(prisma, runId, runProgress(run, 'CLEAN_SCORING', done / images.length), `scored ${done}/${images.length} clean images`);
    await notifyRunEvent(prisma, run);
  }

  await withTransaction(prisma, async (tx) => {
    await lockRun(tx, runId);
    if (!(await updateStage(tx, runId, 'CLEAN_SCORING', { status: 'SUCCEEDED', progress: 1 }, ['QUEUED', 'RUNNING']))) return;
    if (run.stages.some((s) => s.kind === 'TARGETS')) {
      await enqueueJob(tx, 'optimize-targets', { runId });
    } else if (run.stages.some((s) => s.kind === 'TRAIN_UAP')) {
      await enqueueJob(tx, 'train-uap', { runId });
    } else {
      await updateStage(tx, runId, 'PERTURB', { status: 'RUNNING' });
      for (let shard = 0; shard < run.shardCount; shard += 1) await enqueueJob(tx, 'perturb', { runId, shard, shardCount: run.shardCount });
    }
    await notifyRunEvent(tx, run);
  });
  return 'done';
}
