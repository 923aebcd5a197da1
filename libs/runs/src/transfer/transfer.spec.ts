import { resolve } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { decodeImage } from '@rankfall/datasets';
import { catalogEntry, createIqaModel } from '@rankfall/iqa-models';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRun, requestTransfers, transferMatrix, transferSroccDrop } from '../index';
import { executeAggregate, executePerturbShard, executeScoreClean, executeTransfer, ModelCache, transferStatistics, type StageContext } from '../stages';
import { registerCatalogModel } from '../stages/register-model-from-file';
import { scoreImage } from '../stages/run-image-loader';
import { seedRunFixtures, type RunFixtures } from '../testing/seed-run-fixtures';

let db: TestDatabase;
let fx: RunFixtures;
let ctx: StageContext;
let ntModelId: string;
let runId: string;

const repositoryRoot = resolve(import.meta.dirname, '../../../..');
const weightsOf = (catalogId: string) => {
  const entry = catalogEntry(catalogId);
  if (entry.weights.source !== 'bundled') throw new Error(`${catalogId} must have bundled weights`);
  return resolve(repositoryRoot, entry.weights.path);
};

function expectStatistics(row: Record<string, unknown>, expected: ReturnType<typeof transferStatistics>): void {
  expect(row['n']).toBe(expected.n);
  for (const name of ['cleanSrocc', 'attackedSrocc', 'cleanToAttackedSrocc', 'meanAbsDelta'] as const) expect(row[name], name).toBeCloseTo(expected[name], 12);
}

async function transferJobs(): Promise<string[]> {
  const rows = await db.prisma.$queryRaw<Array<{ key: string }>>`SELECT key FROM graphile_worker.jobs WHERE key LIKE 'transfer:%' ORDER BY key`;
  return rows.map((row) => row.key);
}

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_runs_transfer' });
  fx = await seedRunFixtures(db.prisma, { references: 3 });
  ctx = { prisma: db.prisma, store: fx.store, workerId: 'test', models: new ModelCache(), progressEveryMs: 0, backend: { name: 'test-backend', environment: {} } };
  ntModelId = (await registerCatalogModel(db.prisma, { teamId: fx.teamId, catalogId: 'rankfall-demo-cnn-nt', weights: await fx.store.putFile(weightsOf('rankfall-demo-cnn-nt')) })).model.id;
  const run = await createRun(db.prisma, { teamId: fx.teamId, createdById: fx.userId, modelId: fx.modelId, datasetId: fx.datasetId, split: 'TEST', attackId: 'ifgsm', config: { epsilon: 0.03, alpha: 0.01, steps: 3 } });
  runId = run.id;
  await expect(requestTransfers(db.prisma, { teamId: fx.teamId, createdById: fx.userId, runId })).rejects.toMatchObject({ code: 'INVALID_STATE' });
  expect(await executeScoreClean(ctx, runId)).toBe('done');
  expect(await executePerturbShard(ctx, runId, 0)).toBe('done');
  expect(await executeAggregate(ctx, runId)).toBe('done');
}, 300_000);
afterAll(async () => {
  await ctx?.models.dispose();
  await fx?.cleanup();
  await db?.drop();
});

describe('transferSroccDrop', () => {
  const row = (clean: number | null, attacked: number | null, modelLower: boolean, datasetLower: boolean) => ({ cleanSrocc: clean, attackedSrocc: attacked, targetModel: { lowerBetter: modelLower }, run: { dataset: { lowerBetter: datasetLower } } });
  it.each([
    [0.9, 0.6, false, false, 0.3],
    [-0.9, -0.6, true, false, 0.3],
    [-0.9, -0.6, false, true, 0.3],
    [0.9, 0.6, true, true, 0.3],
    [0.6, 0.9, false, false, -0.3],
  ])('clean %d, attacked %d, model lower-better %s, dataset lower-better %s → %d', (clean, attacked, modelLower, datasetLower, drop) => {
    expect(transferSroccDrop(row(clean, attacked, modelLower, datasetLower))).toBeCloseTo(drop, 12);
  });
  it('is null until both correlations exist', () => expect(transferSroccDrop(row(0.9, null, false, false))).toBeNull());
});

describe('transfer of a run’s adversarial PNGs to other models', () => {
  it('refuses other teams’ runs and models, and writes nothing', async () => {
    await expect(requestTransfers(db.prisma, { teamId: fx.otherTeamId, createdById: null, runId })).rejects.toMatchObject({ code: 'NOT_FOUND', field: 'runId' });
    const foreign = await registerCatalogModel(db.prisma, { teamId: fx.otherTeamId, catalogId: 'rankfall-demo-cnn', weights: await fx.store.putFile(weightsOf('rankfall-demo-cnn')) });
    await expect(requestTransfers(db.prisma, { teamId: fx.teamId, createdById: null, runId, targetModelIds: [foreign.model.id] })).rejects.toMatchObject({ code: 'NOT_FOUND', field: 'targetModelIds' });
    await expect(requestTransfers(db.prisma, { teamId: fx.teamId, createdById: null, runId, targetModelIds: [] })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'targetModelIds' });
    expect(await db.prisma.transferResult.count()).toBe(0);
    expect(await transferJobs()).toEqual([]);
  });

  it('queues one keyed job per (run, target); by default every other model of the team', async () => {
    const outcomes = await requestTransfers(db.prisma, { teamId: fx.teamId, createdById: fx.userId, runId });
    expect(outcomes.map((o) => [o.status, o.transfer.targetModelId, o.transfer.status])).toEqual([['queued', ntModelId, 'QUEUED']]);
    const own = await requestTransfers(db.prisma, { teamId: fx.teamId, createdById: fx.userId, runId, targetModelIds: [fx.modelId, ntModelId] });
    expect(own.map((o) => o.status).sort()).toEqual(['existing', 'queued']);
    const ids = own.map((o) => o.transfer.id);
    expect(await transferJobs()).toEqual(ids.map((id) => `transfer:${id}`).sort());
  });

  it('scores the stored PNGs exactly as scoring them directly gives; the run’s own model reproduces the run’s numbers', async () => {
    // Models are built once per process (ModelCache); build them first so the leak check sees only the scoring.
    for (const row of await db.prisma.model.findMany({ where: { teamId: fx.teamId }, select: { id: true, catalogId: true, weightsArtifact: { select: { key: true, sha256: true } } } })) await ctx.models.get(fx.store, row);
    const rows = await db.prisma.transferResult.findMany({ where: { runId } });
    const before = tf.memory().numTensors;
    for (const row of rows) expect(await executeTransfer(ctx, row.id)).toBe('done');
    expect(tf.memory().numTensors).toBe(before);

    const results = await db.prisma.imageResult.findMany({ where: { runId }, include: { image: { include: { artifact: true } }, adversarialArtifact: true }, orderBy: { image: { key: 'asc' } } });
    expect(results.length).toBeGreaterThanOrEqual(3);
    // Direct scoring with a freshly built NT model: decode every PNG the run stored and score it.
    const direct = await createIqaModel('rankfall-demo-cnn-nt', { weights: weightsOf('rankfall-demo-cnn-nt') });
    const score = async (key: string) => {
      const image = await decodeImage(await fx.store.getBytes(key));
      return scoreImage(direct, image.data, image.height, image.width);
    };
    const clean: number[] = [];
    const attacked: number[] = [];
    for (const result of results) {
      clean.push(await score(result.image.artifact!.key));
      attacked.push(await score(result.adversarialArtifact!.key));
    }
    direct.dispose();
    const mos = results.map((r) => r.image.mos);
    const ntRow = await db.prisma.transferResult.findUniqueOrThrow({ where: { runId_targetModelId: { runId, targetModelId: ntModelId } } });
    expect(ntRow).toMatchObject({ status: 'SUCCEEDED', backend: 'test-backend' });
    // Prisma sends floats rounded to 16 significant digits (docs/database.md): equal up to that last digit.
    expectStatistics(ntRow, transferStatistics(mos, clean, attacked));
    expect(ntRow.meanAbsDelta).toBeGreaterThan(0);

    // The source model on its own PNGs: the very clean and attacked (8-bit) scores the run stored.
    const ownRow = await db.prisma.transferResult.findUniqueOrThrow({ where: { runId_targetModelId: { runId, targetModelId: fx.modelId } } });
    const own = transferStatistics(mos, results.map((r) => r.cleanScore!), results.map((r) => r.attackedScore!));
    expectStatistics(ownRow, own);
    expect(own.n).toBe(results.length);
    const metric = (reference: string) => db.prisma.runMetric.findUniqueOrThrow({ where: { runId_name_reference: { runId, name: 'srocc', reference: reference as never } } });
    expect(ownRow.attackedSrocc).toBeCloseTo((await metric('MOS_ATTACKED')).value, 12);
    expect(ownRow.cleanToAttackedSrocc).toBeCloseTo((await metric('CLEAN_ATTACKED')).value, 12);
  }, 300_000);

  it('re-running a job or a request writes nothing new', async () => {
    const rows = await db.prisma.transferResult.findMany({ where: { runId }, orderBy: { id: 'asc' } });
    for (const row of rows) expect(await executeTransfer(ctx, row.id)).toBe('skipped');
    const again = await requestTransfers(db.prisma, { teamId: fx.teamId, createdById: fx.userId, runId, targetModelIds: [fx.modelId, ntModelId] });
    expect(again.map((o) => o.status)).toEqual(['existing', 'existing']);
    expect(await db.prisma.transferResult.findMany({ where: { runId }, orderBy: { id: 'asc' } })).toEqual(rows);
    expect(await transferJobs()).toHaveLength(2);
  });

  it('builds the model × model matrix of the team’s runs, and shows another team nothing', async () => {
    const matrix = await transferMatrix(db.prisma, fx.teamId, [runId]);
    expect(matrix.rows).toEqual([expect.objectContaining({ runId, sourceModelId: fx.modelId, sourceModelName: 'rankfall-demo-cnn' })]);
    expect(matrix.columns.map((c) => c.name)).toEqual(['rankfall-demo-cnn', 'rankfall-demo-cnn-nt']);
    expect(matrix.cells).toHaveLength(2);
    for (const cell of matrix.cells) expect(cell.sroccDrop).toBeCloseTo(cell.cleanSrocc! - cell.srocc!, 12);
    expect(await transferMatrix(db.prisma, fx.teamId, null)).toEqual(matrix);
    expect(await transferMatrix(db.prisma, fx.otherTeamId, [runId])).toEqual({ rows: [], columns: [], cells: [] });
  });
});
