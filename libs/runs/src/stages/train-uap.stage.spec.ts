import { runAttack } from '@rankfall/attack-runner';
import { listDatasetImages } from '@rankfall/db';
import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { decodeImage } from '@rankfall/datasets';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelRun, createRun, retryRun } from '../index';
import { executeAggregate, executePerturbShard, executeScoreClean, executeTrainUap, failRun, ModelCache, uapTrainSummaryOf, WorkerStoppingError, type StageContext } from '../stages';
import { seedRunFixtures, type RunFixtures } from '../testing/seed-run-fixtures';
import { bytesToFloat32, sha256Hex } from './uap-perturbation';

let db: TestDatabase;
let fx: RunFixtures;
/** A second team whose dataset has only a test split (seedRunFixtures' default). */
let testOnly: RunFixtures;
let ctx: StageContext;

beforeAll(async () => {
  await tf.setBackend('wasm');
  db = await createTestDatabase({ prefix: 'rankfall_train_uap' });
  fx = await seedRunFixtures(db.prisma, { splits: { train: 0.5, val: 0, test: 0.5 } });
  testOnly = await seedRunFixtures(db.prisma, { references: 3, levels: 1 });
  ctx = { prisma: db.prisma, store: fx.store, workerId: 'test', models: new ModelCache(), progressEveryMs: 0 };
}, 120_000);
afterAll(async () => {
  await ctx?.models.dispose();
  await fx?.cleanup();
  await testOnly?.cleanup();
  await db?.drop();
});

async function jobs(runId: string): Promise<string[]> {
  const rows = await db.prisma.$queryRaw<Array<{ key: string }>>`SELECT key FROM graphile_worker.jobs WHERE key LIKE ${`run:${runId}:%`} ORDER BY key`;
  return rows.map((row) => row.key);
}

/** Small enough for a test: 16×16 δ tiled over 32×32 images, 2 epochs of batches of 4, a checkpoint every 2 batches. */
const training = { size: 16, epochs: 2, batchSize: 4, learningRate: 0.002, checkpointEvery: 2 };
const uap = (extra: Record<string, unknown> = {}) => ({ teamId: fx.teamId, createdById: fx.userId, modelId: fx.modelId, datasetId: fx.datasetId, attackId: 'uap', config: training, seed: 11, ...extra });

async function trainedDelta(runId: string): Promise<Float32Array> {
  const run = await db.prisma.run.findUniqueOrThrow({ where: { id: runId }, select: { id: true, stages: { select: { kind: true, status: true, summary: true } } } });
  const summary = uapTrainSummaryOf(run as never);
  return bytesToFloat32(await fx.store.getBytes(summary!.perturbation.key));
}

describe('UAP as a run: createRun', () => {
  it('trains on TRAIN and attacks TEST by default; the splits are explicit in the stored config and on the run', async () => {
    const run = await createRun(db.prisma, uap());
    expect(run.split).toBe('TEST');
    expect(run.config).toMatchObject({ train: { split: 'TRAIN', checkpointEvery: 2 }, attack: { size: 16, epochs: 2, epsilon: 10 / 255, goal: 'raise-quality' } });
    expect(run).toMatchObject({ budgetNorm: 'linf', budgetEpsilon: 10 / 255 });
    const stages = await db.prisma.runStage.findMany({ where: { runId: run.id }, orderBy: { kind: 'asc' } });
    expect(stages.map((s) => s.kind)).toEqual(['CLEAN_SCORING', 'TRAIN_UAP', 'PERTURB', 'AGGREGATE']);
    const testImages = await db.prisma.image.count({ where: { datasetId: fx.datasetId, split: 'TEST' } });
    expect(run.imageCount).toBe(testImages);
    expect(await jobs(run.id)).toEqual([`run:${run.id}:score-clean`]);
    await cancelRun(db.prisma, fx.teamId, run.id);
  });

  it('takes the attacked split from the request or the config, and refuses a conflict or training on the attacked split', async () => {
    const val = await createRun(db.prisma, uap({ split: 'TRAIN', config: { ...training, trainSplit: 'TEST' } }));
    expect(val.split).toBe('TRAIN');
    expect(val.config).toMatchObject({ train: { split: 'TEST' } });
    await cancelRun(db.prisma, fx.teamId, val.id);
    await expect(createRun(db.prisma, uap({ split: 'TRAIN', config: { attackSplit: 'TEST' } }))).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'config.attackSplit' });
    await expect(createRun(db.prisma, uap({ split: 'TRAIN' }))).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'config.trainSplit', message: expect.stringMatching(/different splits \(both are TRAIN\)/) });
    await expect(createRun(db.prisma, uap({ config: { trainSplit: 'train' } }))).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'config.trainSplit' });
    await expect(createRun(db.prisma, uap({ config: { checkpointEvery: 0 } }))).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'config.checkpointEvery' });
    await expect(createRun(db.prisma, uap({ config: { epochs: 'x' } }))).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'config.epochs' });
  });

  it('refuses a dataset without a train split, naming the splits it has', async () => {
    const request = { teamId: testOnly.teamId, modelId: testOnly.modelId, datasetId: testOnly.datasetId, attackId: 'uap' };
    const count = await db.prisma.image.count({ where: { datasetId: testOnly.datasetId } });
    await expect(createRun(db.prisma, request)).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'config.trainSplit', message: expect.stringContaining(`has no TRAIN images to train on; its splits: TEST (${count})`) });
    // Another team's dataset is not found, and its splits are not named.
    await expect(createRun(db.prisma, { ...request, teamId: fx.teamId, modelId: fx.modelId })).rejects.toMatchObject({ message: expect.not.stringContaining('TEST (') });
    expect(await db.prisma.run.count({ where: { teamId: testOnly.teamId } })).toBe(0);
  });
});

describe('UAP as a run: the DAG', () => {
  let reference: Float32Array;

  it('runs CLEAN_SCORING → TRAIN_UAP → PERTURB → AGGREGATE; δ equals `rankfall attack --attack uap` on the train images bit for bit', async () => {
    const run = await createRun(db.prisma, uap({ shardCount: 2 }));
    expect(await executeScoreClean(ctx, run.id)).toBe('done');
    expect(await jobs(run.id)).toContain(`run:${run.id}:train-uap`);
    expect(await jobs(run.id)).not.toContain(`run:${run.id}:perturb:0`);

    const before = tf.memory().numTensors;
    const lines: string[] = [];
    expect(await executeTrainUap({ ...ctx, log: (line) => lines.push(line) }, run.id)).toBe('done');
    expect(tf.memory().numTensors).toBe(before);
    expect(lines.filter((line) => line.includes('checkpoint at step'))).toHaveLength(3); // steps 2, 4, 6 of 8
    expect(await jobs(run.id)).toEqual(expect.arrayContaining([`run:${run.id}:perturb:0`, `run:${run.id}:perturb:1`]));

    const trainImages = await listDatasetImages(db.prisma, fx.teamId, fx.datasetId, 'TRAIN');
    const stage = await db.prisma.runStage.findUniqueOrThrow({ where: { runId_kind: { runId: run.id, kind: 'TRAIN_UAP' } } });
    expect(stage).toMatchObject({ status: 'SUCCEEDED', progress: 1, checkpoint: null, checkpointIteration: 8 });
    expect(stage.summary).toMatchObject({ trainSplit: 'TRAIN', trainImages: trainImages.length, epochs: 2, batchesPerEpoch: Math.ceil(trainImages.length / 4), seed: 11, size: 16, perturbation: { shape: [1, 16, 16, 3], dtype: 'float32' }, preview: { mediaType: 'image/png' } });
    const summary = stage.summary as { linf: number; epochMeanScores: number[]; perturbation: { key: string; sha256: string; artifactId: string }; preview: { key: string; artifactId: string } };
    expect(summary.epochMeanScores).toHaveLength(2);
    expect(summary.linf).toBeGreaterThan(0);
    expect(summary.linf).toBeLessThanOrEqual(10 / 255 + 1e-7);
    const artifacts = await db.prisma.artifact.findMany({ where: { id: { in: [summary.perturbation.artifactId, summary.preview.artifactId] } } });
    expect(artifacts.map((a) => [a.kind, a.mediaType]).sort()).toEqual([['PERTURBATION', 'application/octet-stream'], ['PERTURBATION', 'image/png']]);
    const exact = await fx.store.getBytes(summary.perturbation.key);
    expect(sha256Hex(exact)).toBe(summary.perturbation.sha256);
    const preview = await decodeImage(await fx.store.getBytes(summary.preview.key));
    expect([preview.height, preview.width]).toEqual([16, 16]);

    // The in-memory train path (every train image in one tensor, key order, the run's seed) learns the same δ.
    const model = await ctx.models.get(ctx.store, (await db.prisma.model.findUniqueOrThrow({ where: { id: fx.modelId }, select: { id: true, catalogId: true, weightsArtifact: { select: { key: true, sha256: true } } } })) as never);
    const decoded = await Promise.all(trainImages.map(async (image) => (await decodeImage(await fx.store.getBytes(image.artifact!.key))).data));
    const all = new Float32Array(decoded.reduce((sum, d) => sum + d.length, 0));
    decoded.forEach((d, i) => all.set(d, i * d.length));
    const images = tf.tensor4d(all, [trainImages.length, 32, 32, 3]);
    const direct = await runAttack({ attack: 'uap', config: (run.config as { attack: unknown }).attack, model, images, seed: 11 });
    reference = await trainedDelta(run.id);
    expect(Array.from(reference)).toEqual(Array.from(direct.perturbation!.dataSync()));
    // Not saturated at ±ε (the clamp would hide a difference): most values are strictly inside.
    expect(reference.filter((v) => v !== 0 && Math.abs(v) < 10 / 255 - 1e-3).length).toBeGreaterThan(reference.length / 2);
    tf.dispose([images, direct.adversarial, direct.perturbation!]);

    expect(await executeTrainUap(ctx, run.id)).toBe('skipped');
    const beforePerturb = tf.memory().numTensors;
    expect(await executePerturbShard(ctx, run.id, 0)).toBe('done');
    expect(await executePerturbShard(ctx, run.id, 1)).toBe('done');
    expect(tf.memory().numTensors).toBe(beforePerturb);
    expect(await executeAggregate(ctx, run.id)).toBe('done');
    const done = await db.prisma.run.findUniqueOrThrow({ where: { id: run.id }, include: { imageResults: { include: { image: true } }, metrics: true } });
    expect(done.status).toBe('SUCCEEDED');
    expect(done.imageResults).toHaveLength(run.imageCount);
    for (const result of done.imageResults) {
      expect(result.image.split).toBe('TEST');
      expect(result.trajectory).toHaveLength(1); // the apply path takes no steps
      // The saved 8-bit PNG is within ε of the clean image (plus half a quantisation step).
      expect(result.linf).toBeLessThanOrEqual(10 / 255 + 0.5 / 255 + 1e-6);
      expect(result.linf).toBeGreaterThan(0);
      expect(result.adversarialArtifactId).not.toBeNull();
    }
    // Trained to raise quality, δ raises the mean score of the test images it never saw.
    const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
    expect(mean(done.imageResults.map((r) => r.attackedScoreFloat ?? 0))).toBeGreaterThan(mean(done.imageResults.map((r) => r.cleanScore ?? 0)));
    expect(done.metrics.length).toBeGreaterThan(0);
  }, 300_000);

  it('resumes a stopped training from its checkpoint and ends bit-identical to an uninterrupted run', async () => {
    expect(reference).toBeDefined();
    const run = await createRun(db.prisma, uap());
    await executeScoreClean(ctx, run.id);
    const stopping = new AbortController();
    const lines: string[] = [];
    const log = (line: string) => {
      lines.push(line);
      if (line.includes('checkpoint at step 4')) stopping.abort();
    };
    const before = tf.memory().numTensors;
    await expect(executeTrainUap({ ...ctx, signal: stopping.signal, log }, run.id)).rejects.toBeInstanceOf(WorkerStoppingError);
    expect(tf.memory().numTensors).toBe(before);
    const stopped = await db.prisma.runStage.findUniqueOrThrow({ where: { runId_kind: { runId: run.id, kind: 'TRAIN_UAP' } } });
    expect(stopped).toMatchObject({ status: 'RUNNING', checkpointIteration: 4 });
    const blob = (stopped.checkpoint as { state: { key: string } }).state.key;
    expect(await fx.store.has(blob)).toBe(true);

    expect(await executeTrainUap({ ...ctx, log: (line) => lines.push(line) }, run.id)).toBe('done');
    expect(lines.join('\n')).toContain('resumes at step 4 of 8 (epoch 2, batch 1)');
    expect(Array.from(await trainedDelta(run.id))).toEqual(Array.from(reference));
    expect(await fx.store.has(blob)).toBe(false); // the checkpoint's blob is removed once training is done
    await cancelRun(db.prisma, fx.teamId, run.id);
  }, 300_000);

  it('starts afresh when the checkpoint belongs to another config, and a failed training is retried from its stage', async () => {
    const run = await createRun(db.prisma, uap({ config: { ...training, learningRate: 0.003 } }));
    await executeScoreClean(ctx, run.id);
    // A well-formed checkpoint written for learningRate 0.002 must not resume this run.
    const foreign = { version: 1, config: { ...(run.config as { attack: Record<string, unknown> }).attack, learningRate: 0.002 }, seed: 11, trainSet: 'x', step: 6, epochScoreSum: 0, epochScoreCount: 0, epochMeanScores: [], state: { key: 'sha256/00/missing', sha256: '0', sizeBytes: 0 } };
    await db.prisma.runStage.update({ where: { runId_kind: { runId: run.id, kind: 'TRAIN_UAP' } }, data: { checkpoint: foreign, checkpointIteration: 6 } });
    await failRun(db.prisma, run.id, { code: 'INTERNAL', message: 'worker died', stage: 'TRAIN_UAP' });
    await db.prisma.$executeRaw`DELETE FROM graphile_worker._private_jobs WHERE key LIKE ${`run:${run.id}:%`}`;
    await retryRun(db.prisma, fx.teamId, run.id);
    expect(await jobs(run.id)).toEqual([`run:${run.id}:train-uap`]);
    const lines: string[] = [];
    expect(await executeTrainUap({ ...ctx, log: (line) => lines.push(line) }, run.id)).toBe('done');
    expect(lines.join('\n')).not.toContain('resumes');
    const stage = await db.prisma.runStage.findUniqueOrThrow({ where: { runId_kind: { runId: run.id, kind: 'TRAIN_UAP' } } });
    expect(stage).toMatchObject({ status: 'SUCCEEDED', checkpointIteration: 8, summary: { steps: 8, epochMeanScores: [expect.any(Number), expect.any(Number)] } });
    await cancelRun(db.prisma, fx.teamId, run.id);
  }, 300_000);
});
