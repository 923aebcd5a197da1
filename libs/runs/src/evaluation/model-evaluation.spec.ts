import { resolve } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { decodeImage } from '@rankfall/datasets';
import { catalogEntry, createIqaModel } from '@rankfall/iqa-models';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelEvaluations, requestModelEvaluation } from '../index';
import { cleanCorrelations, executeModelEvaluation, ModelCache, reportedFor, type StageContext } from '../stages';
import { scoreImage } from '../stages/run-image-loader';
import { seedRunFixtures, type RunFixtures } from '../testing/seed-run-fixtures';

let db: TestDatabase;
let fx: RunFixtures;
let ctx: StageContext;

const repositoryRoot = resolve(import.meta.dirname, '../../../..');

async function evaluationJobs(): Promise<string[]> {
  const rows = await db.prisma.$queryRaw<Array<{ key: string }>>`SELECT key FROM graphile_worker.jobs WHERE key LIKE 'evaluation:%' ORDER BY key`;
  return rows.map((row) => row.key);
}

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_runs_evaluation' });
  fx = await seedRunFixtures(db.prisma, { references: 3 });
  ctx = { prisma: db.prisma, store: fx.store, workerId: 'test', models: new ModelCache(), backend: { name: 'test-backend', environment: {} } };
}, 120_000);
afterAll(async () => {
  await ctx?.models.dispose();
  await fx?.cleanup();
  await db?.drop();
});

const request = (extra: Record<string, unknown> = {}) => ({ teamId: fx.teamId, createdById: fx.userId, modelId: fx.modelId, datasetId: fx.datasetId, split: 'TEST' as const, ...extra });

describe('reportedFor', () => {
  it('matches a catalog number by the dataset’s format, never by name', () => {
    const entry = { reported: [{ dataset: 'LIVE', datasetFormats: ['live-iqa'], protocol: 'p', srocc: 0.9, plcc: 0.8, source: 's', sourceKind: 'paper' as const }] };
    expect(reportedFor(entry, 'live-iqa')?.srocc).toBe(0.9);
    expect(reportedFor(entry, 'LIVE')).toBeNull();
    expect(reportedFor({}, 'live-iqa')).toBeNull();
    expect(reportedFor(catalogEntry('rankfall-demo-cnn'), 'synthetic')).toMatchObject({ srocc: 0.9115, plcc: 0.923, sourceKind: 'training-record' });
  });
});

describe('model evaluation through the queue', () => {
  it('validates at the edge and refuses another team’s model or dataset, writing nothing', async () => {
    await expect(requestModelEvaluation(db.prisma, request({ split: 'test' }))).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'split' });
    await expect(requestModelEvaluation(db.prisma, request({ teamId: fx.otherTeamId }))).rejects.toMatchObject({ code: 'NOT_FOUND', field: 'modelId' });
    await expect(requestModelEvaluation(db.prisma, request({ split: 'TRAIN' }))).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'split' });
    expect(await db.prisma.modelEvaluation.count()).toBe(0);
    expect(await evaluationJobs()).toEqual([]);
  });

  it('inserts the row and its keyed job in one transaction; asking again returns the same row', async () => {
    const first = await requestModelEvaluation(db.prisma, request());
    expect(first).toMatchObject({ status: 'queued', evaluation: { status: 'QUEUED', split: 'TEST', imageCount: 15, reproducedSrocc: null } });
    expect(first.evaluation.command).toMatch(/^rankfall model evaluate --team runs-\S+ --model rankfall-demo-cnn --dataset '.+' --version \S+ --split test$|^rankfall model evaluate --team runs-\S+ --model rankfall-demo-cnn --dataset \S+ --version \S+ --split test$/);
    expect(await evaluationJobs()).toEqual([`evaluation:${first.evaluation.id}`]);
    const again = await requestModelEvaluation(db.prisma, request());
    expect(again).toMatchObject({ status: 'existing', evaluation: { id: first.evaluation.id } });
    expect(await db.prisma.modelEvaluation.count()).toBe(1);
    expect(await modelEvaluations(db.prisma, fx.otherTeamId, fx.modelId)).toEqual([]);
  });

  it('computes SROCC/PLCC/KROCC with CIs from the model’s scores of every image, with the catalog’s number for this format', async () => {
    const [evaluation] = await modelEvaluations(db.prisma, fx.teamId, fx.modelId);
    await ctx.models.get(fx.store, (await db.prisma.model.findUniqueOrThrow({ where: { id: fx.modelId }, select: { id: true, catalogId: true, weightsArtifact: { select: { key: true, sha256: true } } } })));
    const before = tf.memory().numTensors;
    expect(await executeModelEvaluation(ctx, evaluation!.id)).toBe('done');
    expect(tf.memory().numTensors).toBe(before);

    const images = await db.prisma.image.findMany({ where: { datasetId: fx.datasetId, split: 'TEST' }, include: { artifact: true }, orderBy: { key: 'asc' } });
    const entry = catalogEntry('rankfall-demo-cnn');
    const direct = await createIqaModel('rankfall-demo-cnn', { weights: resolve(repositoryRoot, (entry.weights as { path: string }).path) });
    const scores: number[] = [];
    for (const image of images) {
      const decoded = await decodeImage(await fx.store.getBytes(image.artifact!.key));
      scores.push(scoreImage(direct, decoded.data, decoded.height, decoded.width));
    }
    direct.dispose();
    const expected = cleanCorrelations(images.map((image) => image.mos), scores);
    const [done] = await modelEvaluations(db.prisma, fx.teamId, fx.modelId);
    expect(done).toMatchObject({ status: 'SUCCEEDED', imageCount: images.length, backend: 'test-backend', reportedSrocc: 0.9115, reportedPlcc: 0.923 });
    expect(done!.reportedSource).toContain('rankfall-demo-cnn.training.json');
    const close = (actual: number | null | undefined, value: number) => expect(actual).toBeCloseTo(value, 12);
    close(done!.reproducedSrocc, expected.srocc.estimate);
    close(done!.sroccCiLow, expected.srocc.lower);
    close(done!.sroccCiHigh, expected.srocc.upper);
    close(done!.reproducedPlcc, expected.plcc.estimate);
    close(done!.plccCiHigh, expected.plcc.upper);
    close(done!.reproducedKrocc, expected.krocc.estimate);
    close(done!.kroccCiLow, expected.krocc.lower);
    expect(done!.sroccCiLow!).toBeLessThanOrEqual(done!.reproducedSrocc!);
    expect(done!.durationMs).toBeGreaterThanOrEqual(0);

    // Idempotent: the job again, or the request again, writes nothing.
    expect(await executeModelEvaluation(ctx, evaluation!.id)).toBe('skipped');
    expect((await requestModelEvaluation(db.prisma, request())).status).toBe('existing');
    expect(await modelEvaluations(db.prisma, fx.teamId, fx.modelId)).toEqual([done]);
  }, 300_000);

  it('re-queues a failed evaluation (same row, same key)', async () => {
    const [evaluation] = await modelEvaluations(db.prisma, fx.teamId, fx.modelId);
    await db.prisma.modelEvaluation.update({ where: { id: evaluation!.id }, data: { status: 'FAILED', errorCode: 'X' } });
    await db.prisma.$executeRaw`DELETE FROM graphile_worker._private_jobs WHERE key LIKE 'evaluation:%'`;
    const outcome = await requestModelEvaluation(db.prisma, request());
    expect(outcome).toMatchObject({ status: 'queued', evaluation: { id: evaluation!.id, status: 'QUEUED', errorCode: null } });
    expect(await evaluationJobs()).toEqual([`evaluation:${evaluation!.id}`]);
  });
});
