import { perturbationMetrics, runAttack } from '@rankfall/attack-runner';
import {
  completeShard,
  enqueueJob,
  findRunForExecution,
  listRunImages,
  lockRun,
  notifyRunEvent,
  recordArtifact,
  setRunProgress,
  setShardProgress,
  shardsDone,
  updateStage,
  upsertImageResult,
  withTransaction,
  type RunForExecution,
  type RunImage,
} from '@rankfall/db';
import { encodePng, rgbImageFromBytes, rgbImageToBytes } from '@rankfall/datasets';
import type { IqaModel } from '@rankfall/iqa-models';
import * as tf from '@tensorflow/tfjs';
import { runAttackDefinition } from '../run-attacks';
import { RunsError } from '../runs-error';
import { loadRunImage, scoreImage } from './run-image-loader';
import { cancelIfRequested, isTerminal, markRunning, runProgress, throwIfStopping } from './run-guards';
import { runDefenseOf } from './model-cache';
import type { StageContext, StageOutcome } from './stage-context';
import { loadUapPerturbation } from './uap-perturbation';

/** The images shard `shard` of `shardCount` owns: every shardCount-th of the run's key-ordered images. */
export function shardImages<T>(images: readonly T[], shard: number, shardCount: number): T[] {
  return images.filter((_, index) => index % shardCount === shard);
}

async function attackImage(ctx: StageContext, run: RunForExecution, model: IqaModel, image: RunImage, universal: tf.Tensor4D | null): Promise<void> {
  const definition = runAttackDefinition(run.attackId);
  const decoded = await loadRunImage(ctx.store, image);
  const started = performance.now();
  const targeted = definition.stages.includes('TARGETS');
  const target = image.result?.targetScore;
  if (targeted && (target === null || target === undefined || !Number.isFinite(target))) throw new RunsError('INVALID_INPUT', `image ${image.key} has no stage-1 target`);
  const clean = tf.tensor4d(decoded.data, [1, decoded.height, decoded.width, 3]);
  let adversarial: Float32Array;
  let attackedScoreFloat: number;
  let trajectory: number[];
  try {
    const attack = await runAttack({
      attack: definition.perturbAttack,
      config: (run.config as { attack?: unknown }).attack ?? {},
      model,
      images: clean,
      ...(targeted ? { targets: [target as number] } : {}),
      ...(universal ? { perturbation: universal } : {}),
      seed: run.seed,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    adversarial = attack.adversarial.dataSync() as Float32Array;
    attack.adversarial.dispose();
    attack.perturbation?.dispose();
    attackedScoreFloat = attack.finalScores[0] ?? Number.NaN;
    trajectory = [...attack.trajectory.map((row) => row[0] ?? Number.NaN), attackedScoreFloat];
  } finally {
    clean.dispose();
  }
  // The reported numbers are those of the saved 8-bit PNG (SMA.md §9 item 8): its score and its distance to the clean image.
  const rgb = rgbImageToBytes({ data: adversarial, height: decoded.height, width: decoded.width, channels: 3 });
  const saved = rgbImageFromBytes(rgb, decoded.width, decoded.height);
  const attackedScore = scoreImage(model, saved.data, decoded.height, decoded.width);
  const [metrics] = perturbationMetrics(decoded.data, saved.data, [1, decoded.height, decoded.width, 3]);
  const stored = await ctx.store.putBytes(await encodePng(saved));
  const artifactId = await recordArtifact(ctx.prisma, { teamId: run.teamId, kind: 'ADVERSARIAL_IMAGE', sha256: stored.sha256, key: stored.key, sizeBytes: stored.sizeBytes, mediaType: 'image/png' });
  await upsertImageResult(ctx.prisma, {
    runId: run.id,
    imageId: image.id,
    attackedScoreFloat,
    attackedScore,
    linf: metrics?.linf ?? null,
    l2: metrics?.l2 ?? null,
    psnr: metrics && Number.isFinite(metrics.psnr) ? metrics.psnr : null,
    ssim: metrics?.ssim ?? null,
    trajectory,
    durationMs: Math.round(performance.now() - started),
    adversarialArtifactId: artifactId,
    perturbedAt: new Date(),
  });
}

/**
 * Stage `perturb`, one shard (ARCHITECTURE.md step 4; job key `run:<id>:perturb:<shard>`): per image not yet
 * perturbed, run the attack, quantise to 8 bits, re-score the saved image, store the PNG and the facts.
 * Images are decoded one at a time. Progress after every image; cancellation checked between images. The
 * shard that finishes last enqueues `aggregate`, exactly once (under the run's row lock).
 */
export async function executePerturbShard(ctx: StageContext, runId: string, shard: number): Promise<StageOutcome> {
  const { prisma } = ctx;
  const run = await findRunForExecution(prisma, runId);
  if (!run || isTerminal(run)) return 'skipped';
  const row = run.shards.find((s) => s.kind === 'PERTURB' && s.shard === shard);
  if (!row) throw new RunsError('INVALID_INPUT', `run ${runId} has no perturb shard ${shard}`);
  if (row.status === 'SUCCEEDED') return 'skipped';
  if (await cancelIfRequested(prisma, run, 'before perturbing')) return 'cancelled';
  await markRunning(ctx, run, 'perturbing');

  const images = shardImages(await listRunImages(prisma, run), shard, run.shardCount);
  let done = images.filter((image) => image.result?.perturbedAt).length;
  await setShardProgress(prisma, runId, 'PERTURB', shard, { done, workerId: ctx.workerId, started: true });
  const model = await ctx.models.get(ctx.store, run.model, runDefenseOf(run));
  let lastProgress = performance.now();
  const reportProgress = async () => {
    await setShardProgress(prisma, runId, 'PERTURB', shard, { done });
    const total = await shardsDone(prisma, runId, 'PERTURB');
    await updateStage(prisma, runId, 'PERTURB', { progress: total / run.imageCount });
    await setRunProgress(prisma, runId, runProgress(run, 'PERTURB', total / run.imageCount), `perturbed ${total}/${run.imageCount} images`);
    await notifyRunEvent(prisma, run);
  };
  // Universal attacks (UAP): the perturbation TRAIN_UAP learned, loaded once per shard and applied to every image.
  const universal = await loadUapPerturbation(ctx.store, run);
  try {
    for (const image of images) {
      if (image.result?.perturbedAt) continue;
      throwIfStopping(ctx);
      if (await cancelIfRequested(prisma, run, `shard ${shard}: ${done} of ${images.length} images kept`)) return 'cancelled';
      await attackImage(ctx, run, model, image, universal);
      done += 1;
      ctx.log?.(`run ${runId}: shard ${shard}: attacked ${image.key} (${done}/${images.length})`);
      // Progress is written at most every `progressEveryMs` (each image's result is already stored): with small
      // images, four progress writes per image would cost more than the attack.
      if (performance.now() - lastProgress >= (ctx.progressEveryMs ?? 250)) {
        lastProgress = performance.now();
        await reportProgress();
      }
    }
  } finally {
    universal?.dispose();
  }
  await reportProgress();

  await withTransaction(prisma, async (tx) => {
    await lockRun(tx, runId);
    const { changed, remaining } = await completeShard(tx, runId, 'PERTURB', shard);
    if (changed && remaining === 0) {
      await updateStage(tx, runId, 'PERTURB', { status: 'SUCCEEDED', progress: 1 });
      await enqueueJob(tx, 'aggregate', { runId });
    }
    await notifyRunEvent(tx, run);
  });
  return 'done';
}
