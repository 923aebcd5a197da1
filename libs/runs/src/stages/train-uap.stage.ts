import { minimumImageSize, scoreDirection, uapAttackConfig, uapBatchOrder, uapInitialState, uapTrainStep, type UapConfig, type UapObjective, type UapTrainState } from '@rankfall/attack-runner';
import { countImagesBySplit, enqueueJob, findRunForExecution, listDatasetImages, lockRun, notifyRunEvent, recordArtifact, setRunProgress, updateStage, withTransaction, type ArtifactStore, type RunForExecution } from '@rankfall/db';
import { decodeImage, encodePng } from '@rankfall/datasets';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { RunsError } from '../runs-error';
import type { UapTrainSettings } from '../uap-run-config';
import { cancelIfRequested, isTerminal, markRunning, runProgress, throwIfStopping } from './run-guards';
import { runDefenseOf } from './model-cache';
import type { StageContext, StageOutcome } from './stage-context';
import { bytesToFloat32, float32ToBytes, sha256Hex, type UapTrainSummary } from './uap-perturbation';

type TrainImage = Awaited<ReturnType<typeof listDatasetImages>>[number];

/**
 * A TRAIN_UAP checkpoint (on the stage row; the tensors in the artifact store): Adam steps done (= batches; the
 * epoch and the batch within it follow), the running epoch's score sum, and δ, m, v as one float32 blob. The
 * shuffle of an epoch is recomputed from (seed, epoch), so this is the whole state: a resume is bit-identical.
 */
const checkpointSchema = z.object({
  version: z.literal(1),
  /** What the state belongs to: a checkpoint of another config, seed or train set is ignored. */
  config: z.record(z.string(), z.unknown()),
  seed: z.int(),
  trainSet: z.string(),
  step: z.int().min(0),
  epochScoreSum: z.number(),
  epochScoreCount: z.int(),
  epochMeanScores: z.array(z.number()),
  state: z.object({ key: z.string(), sha256: z.string(), sizeBytes: z.int() }),
});
type UapCheckpoint = z.infer<typeof checkpointSchema>;

/** Fingerprint of the train set (ids and content hashes in key order): a checkpoint only resumes on the same images. */
function trainSetOf(images: readonly TrainImage[]): string {
  return sha256Hex(new TextEncoder().encode(images.map((image) => `${image.id}:${image.sha256}`).join('\n')));
}

function stateToBytes(state: UapTrainState): Uint8Array {
  const parts = [state.delta, state.m, state.v].map((t) => t.dataSync() as Float32Array);
  const all = new Float32Array(parts.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  return float32ToBytes(all);
}

/** A flat config as text with sorted keys (jsonb does not keep key order). */
function canonical(config: Record<string, unknown>): string {
  return JSON.stringify(Object.keys(config).sort().map((key) => [key, config[key]]));
}

/** Restores a checkpoint of this run's config, seed and train set; null (start afresh) for anything else. */
async function restore(ctx: StageContext, raw: unknown, expected: Pick<UapCheckpoint, 'config' | 'seed' | 'trainSet'>, size: number): Promise<{ checkpoint: UapCheckpoint; state: UapTrainState } | null> {
  const parsed = checkpointSchema.safeParse(raw);
  if (!parsed.success) return null;
  const checkpoint = parsed.data;
  if (canonical(checkpoint.config) !== canonical(expected.config) || checkpoint.seed !== expected.seed || checkpoint.trainSet !== expected.trainSet) return null;
  const bytes = await ctx.store.getBytes(checkpoint.state.key).catch(() => null);
  const count = size * size * 3;
  if (!bytes || sha256Hex(bytes) !== checkpoint.state.sha256 || bytes.length !== count * 3 * 4) {
    ctx.log?.(`train-uap: checkpoint blob ${checkpoint.state.key} is missing or damaged: training starts afresh`);
    return null;
  }
  const values = bytesToFloat32(bytes);
  const tensor = (i: number) => tf.tensor4d(values.subarray(i * count, (i + 1) * count), [1, size, size, 3]);
  return { checkpoint, state: { delta: tensor(0), m: tensor(1), v: tensor(2) } };
}

/** Decodes one batch's images (and only those) into same-size groups, in batch order within each group. */
async function loadBatch(store: ArtifactStore, images: readonly TrainImage[], batch: readonly number[]): Promise<tf.Tensor4D[]> {
  const groups = new Map<string, { h: number; w: number; data: Float32Array[] }>();
  for (const index of batch) {
    const image = images[index] as TrainImage;
    if (!image.artifact) throw new RunsError('MISSING_ARTIFACT', `train image ${image.key} has no stored bytes (re-import the dataset)`);
    const decoded = await decodeImage(await store.getBytes(image.artifact.key), { name: image.key });
    const key = `${decoded.height}x${decoded.width}`;
    const group = groups.get(key) ?? { h: decoded.height, w: decoded.width, data: [] };
    group.data.push(decoded.data);
    groups.set(key, group);
  }
  return [...groups.values()].map((group) => {
    const data = new Float32Array(group.data.reduce((sum, d) => sum + d.length, 0));
    group.data.forEach((d, i) => data.set(d, i * d.length));
    return tf.tensor4d(data, [group.data.length, group.h, group.w, 3]);
  });
}

/** δ as stored for viewing: 0.5 + δ / (2ε), so −ε is black, 0 mid-grey, +ε white (8-bit PNG). */
async function previewPng(delta: Float32Array, size: number, epsilon: number): Promise<Buffer> {
  const data = new Float32Array(delta.length);
  for (let i = 0; i < delta.length; i++) data[i] = Math.min(1, Math.max(0, 0.5 + (delta[i] as number) / (2 * epsilon)));
  return encodePng({ data, height: size, width: size, channels: 3 });
}

async function storePerturbation(ctx: StageContext, run: RunForExecution, delta: Float32Array, config: UapConfig) {
  const exact = float32ToBytes(delta);
  const stored = await ctx.store.putBytes(exact);
  const artifactId = await recordArtifact(ctx.prisma, { teamId: run.teamId, kind: 'PERTURBATION', sha256: stored.sha256, key: stored.key, sizeBytes: stored.sizeBytes, mediaType: 'application/octet-stream' });
  const png = await ctx.store.putBytes(await previewPng(delta, config.size, config.epsilon));
  const previewId = await recordArtifact(ctx.prisma, { teamId: run.teamId, kind: 'PERTURBATION', sha256: png.sha256, key: png.key, sizeBytes: png.sizeBytes, mediaType: 'image/png' });
  return {
    perturbation: { artifactId, key: stored.key, sha256: stored.sha256, sizeBytes: stored.sizeBytes, shape: [1, config.size, config.size, 3] as [1, number, number, 3], dtype: 'float32' as const, byteOrder: 'little-endian' as const },
    preview: { artifactId: previewId, key: png.key, sha256: png.sha256, sizeBytes: png.sizeBytes, mediaType: 'image/png' as const, mapping: '0.5 + δ / (2ε)' },
  };
}

/**
 * Stage `train-uap` (UAP runs, between CLEAN_SCORING and PERTURB; job key `run:<id>:train-uap`): learns one
 * universal perturbation on the run's train split with `uapTrainStep`, streaming the images one batch at a time
 * (seeded shuffle per epoch, as `rankfall attack --attack uap`; on equal-size images the numbers are that path's).
 * Stop and cancel are checked between batches; every `checkpointEvery` batches δ, the Adam moments and the position
 * are checkpointed, so a killed worker resumes bit-identically. On completion: δ stored as float32 data and an
 * amplified PNG, recorded on the stage summary, and the perturb shards enqueued, in one transaction.
 */
export async function executeTrainUap(ctx: StageContext, runId: string): Promise<StageOutcome> {
  const { prisma } = ctx;
  const run = await findRunForExecution(prisma, runId);
  if (!run || isTerminal(run)) return 'skipped';
  const stage = run.stages.find((s) => s.kind === 'TRAIN_UAP');
  if (!stage || stage.status === 'SUCCEEDED') return 'skipped';
  if (await cancelIfRequested(prisma, run, 'before training the universal perturbation')) return 'cancelled';
  await markRunning(ctx, run, 'training the universal perturbation');
  await updateStage(prisma, runId, 'TRAIN_UAP', { status: 'RUNNING' });

  const stored = run.config as { attack?: unknown; train?: UapTrainSettings };
  if (!stored.train) throw new RunsError('INVALID_INPUT', `run ${runId} has no train settings (config.train): it is not a UAP run`);
  const { split, checkpointEvery } = stored.train;
  const config = uapAttackConfig.schema.parse(stored.attack ?? {});
  const images = await listDatasetImages(prisma, run.teamId, run.datasetId, split);
  if (images.length === 0) {
    const has = (await countImagesBySplit(prisma, run.teamId, run.datasetId)).map((c) => `${c.split ?? 'no split'} (${c.count})`).join(', ') || 'no images';
    throw new RunsError('INVALID_INPUT', `UAP trains on the ${split} split, which has no images in this dataset; its splits: ${has}`, 'config.trainSplit');
  }
  const model = await ctx.models.get(ctx.store, run.model, runDefenseOf(run));
  const min = minimumImageSize(model.input);
  const small = images.find((image) => image.height < min.height || image.width < min.width);
  if (small) throw new RunsError('INVALID_INPUT', `train image ${small.key} is ${small.height}×${small.width}, smaller than model "${run.model.catalogId}" accepts (${min.height}×${min.width})`);
  const objective: UapObjective = { model, direction: scoreDirection(config.goal, model.lowerBetter), scoreRange: model.scoreRange };
  const perEpoch = Math.ceil(images.length / config.batchSize);
  const total = config.epochs * perEpoch;
  const expected = { config: JSON.parse(JSON.stringify(config)) as Record<string, unknown>, seed: run.seed, trainSet: trainSetOf(images) };

  const restored = await restore(ctx, stage.checkpoint, expected, config.size);
  let state = restored?.state ?? uapInitialState(config);
  let step = restored?.checkpoint.step ?? 0;
  let epochScoreSum = restored?.checkpoint.epochScoreSum ?? 0;
  let epochScoreCount = restored?.checkpoint.epochScoreCount ?? 0;
  const epochMeanScores = [...(restored?.checkpoint.epochMeanScores ?? [])];
  let lastBlob = restored?.checkpoint.state.key ?? null;
  if (step > 0) ctx.log?.(`run ${runId}: train-uap resumes at step ${step} of ${total} (epoch ${Math.floor(step / perEpoch) + 1}, batch ${(step % perEpoch) + 1})`);

  const checkpoint = async () => {
    const blob = await ctx.store.putBytes(stateToBytes(state));
    const value: UapCheckpoint = { version: 1, ...expected, step, epochScoreSum, epochScoreCount, epochMeanScores, state: { key: blob.key, sha256: blob.sha256, sizeBytes: blob.sizeBytes } };
    await updateStage(prisma, runId, 'TRAIN_UAP', { checkpoint: JSON.parse(JSON.stringify(value)), checkpointIteration: step, progress: step / total });
    // The previous blob is no longer referenced (a resume that finds its blob gone starts afresh: the same numbers).
    if (lastBlob && lastBlob !== blob.key) await ctx.store.delete(lastBlob);
    lastBlob = blob.key;
    await setRunProgress(prisma, runId, runProgress(run, 'TRAIN_UAP', step / total), `training UAP: ${step}/${total} batches`);
    await notifyRunEvent(prisma, run);
    ctx.log?.(`run ${runId}: train-uap checkpoint at step ${step} of ${total}`);
  };

  let delta: Float32Array;
  try {
    let batches: number[][] = [];
    let batchesEpoch = 0;
    while (step < total) {
      throwIfStopping(ctx);
      if (await cancelIfRequested(prisma, run, `UAP training stopped at batch ${step} of ${total}`)) return 'cancelled';
      const epoch = Math.floor(step / perEpoch) + 1;
      if (batchesEpoch !== epoch) [batches, batchesEpoch] = [uapBatchOrder(images.length, config.batchSize, config.shuffle, run.seed + epoch), epoch];
      const groups = await loadBatch(ctx.store, images, batches[step % perEpoch] as number[]);
      let next: ReturnType<typeof uapTrainStep>;
      try {
        next = uapTrainStep(config, objective, groups, state, step + 1);
      } finally {
        tf.dispose(groups);
      }
      tf.dispose([state.delta, state.m, state.v]);
      state = next.state;
      const scores = await next.scores.data();
      next.scores.dispose();
      for (const score of scores) epochScoreSum += score;
      epochScoreCount += scores.length;
      step += 1;
      if (step % perEpoch === 0) {
        epochMeanScores.push(epochScoreSum / epochScoreCount);
        epochScoreSum = 0;
        epochScoreCount = 0;
      }
      if (step % checkpointEvery === 0 && step < total) await checkpoint();
    }
    delta = state.delta.dataSync() as Float32Array;
  } finally {
    tf.dispose([state.delta, state.m, state.v]);
  }

  let linf = 0;
  let absSum = 0;
  for (const value of delta) {
    linf = Math.max(linf, Math.abs(value));
    absSum += Math.abs(value);
  }
  const artifacts = await storePerturbation(ctx, run, delta, config);
  const summary: UapTrainSummary = {
    trainSplit: split,
    trainImages: images.length,
    epochs: config.epochs,
    batchesPerEpoch: perEpoch,
    steps: total,
    seed: run.seed,
    size: config.size,
    epsilon: config.epsilon,
    linf,
    meanAbs: absSum / delta.length,
    epochMeanScores,
    ...artifacts,
  };
  ctx.log?.(`run ${runId}: train-uap done: ${total} batches on ${images.length} ${split.toLowerCase()} images, ‖δ‖∞ ${linf.toFixed(5)}`);
  await withTransaction(prisma, async (tx) => {
    await lockRun(tx, runId);
    if (!(await updateStage(tx, runId, 'TRAIN_UAP', { status: 'SUCCEEDED', progress: 1, checkpoint: null, checkpointIteration: total, summary: JSON.parse(JSON.stringify(summary)) }, ['QUEUED', 'RUNNING']))) return;
    await updateStage(tx, runId, 'PERTURB', { status: 'RUNNING' });
    for (let shard = 0; shard < run.shardCount; shard += 1) await enqueueJob(tx, 'perturb', { runId, shard, shardCount: run.shardCount });
    await notifyRunEvent(tx, run);
  });
  if (lastBlob) await ctx.store.delete(lastBlob);
  return 'done';
}
