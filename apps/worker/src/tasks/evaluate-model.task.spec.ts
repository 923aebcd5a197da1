import { resolve } from 'node:path';
import { migrateDatabase } from '@rankfall/db';
import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { catalogEntry } from '@rankfall/iqa-models';
import { createRun, getModelEvaluation, requestModelEvaluation, requestTransfers, runTransfers } from '@rankfall/runs';
import { registerModelFromFile } from '@rankfall/runs/stages';
import { seedRunFixtures, type RunFixtures } from '@rankfall/runs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkerProcess, type WorkerProcess } from '../testing/worker-process';

/** The `evaluate-model` and `transfer` tasks in a real worker process, fed by the queue (no in-process stage calls). */
let db: TestDatabase;
let fx: RunFixtures;
let worker: WorkerProcess;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_worker_eval', migrate: false });
  await migrateDatabase(db.url);
  fx = await seedRunFixtures(db.prisma, { references: 3 });
  worker = startWorkerProcess({ DATABASE_URL: db.url, RANKFALL_ARTIFACT_DIR: fx.store.root, RANKFALL_BACKEND: 'wasm' });
  await worker.ready;
}, 120_000);
afterAll(async () => {
  await worker?.kill();
  await fx?.cleanup();
  await db?.drop();
});

async function until<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const finished = (status: string) => status === 'SUCCEEDED' || status === 'FAILED' || status === 'CANCELLED';

describe('evaluate-model and transfer through the queue', () => {
  it('a queued evaluation is computed by the worker, with the backend it used', async () => {
    const { evaluation } = await requestModelEvaluation(db.prisma, { teamId: fx.teamId, createdById: fx.userId, modelId: fx.modelId, datasetId: fx.datasetId, split: 'TEST' });
    const done = await until('the evaluation', async () => {
      const row = await getModelEvaluation(db.prisma, fx.teamId, evaluation.id);
      return finished(row.status) ? row : null;
    });
    expect(done).toMatchObject({ status: 'SUCCEEDED', backend: 'wasm', imageCount: 15, reportedSrocc: 0.9115 });
    expect(done.reproducedSrocc).toBeGreaterThan(-1);
    expect(done.sroccCiLow!).toBeLessThanOrEqual(done.reproducedSrocc!);
    expect(done.sroccCiHigh!).toBeGreaterThanOrEqual(done.reproducedSrocc!);
  }, 200_000);

  it('a run finished by the worker is transferred by the worker to a second model', async () => {
    const nt = catalogEntry('rankfall-demo-cnn-nt');
    if (nt.weights.source !== 'bundled') throw new Error('the NT demo model must have bundled weights');
    const { model } = await registerModelFromFile(db.prisma, fx.store, { teamId: fx.teamId, catalogId: nt.id, weightsPath: resolve(import.meta.dirname, '../../../..', nt.weights.path) });
    const run = await createRun(db.prisma, { teamId: fx.teamId, createdById: fx.userId, modelId: fx.modelId, datasetId: fx.datasetId, split: 'TEST', attackId: 'fgsm', config: { epsilon: 0.02 } });
    await until('the run', async () => {
      const row = await db.prisma.run.findUniqueOrThrow({ where: { id: run.id }, select: { status: true } });
      return finished(row.status) ? row : null;
    });
    const [outcome] = await requestTransfers(db.prisma, { teamId: fx.teamId, createdById: fx.userId, runId: run.id });
    expect(outcome?.transfer.targetModelId).toBe(model.id);
    const [done] = await until('the transfer', async () => {
      const rows = await runTransfers(db.prisma, fx.teamId, run.id);
      return rows.length && rows.every((row) => finished(row.status)) ? rows : null;
    });
    expect(done).toMatchObject({ status: 'SUCCEEDED', backend: 'wasm', n: 15 });
    expect(done!.meanAbsDelta).toBeGreaterThan(0);
  }, 200_000);

  it('a permanent failure fails the evaluation with its reason instead of retrying', async () => {
    // The images have lost their stored bytes (the request counts images; the worker reads them): MISSING_ARTIFACT is permanent.
    await db.prisma.image.updateMany({ where: { datasetId: fx.datasetId }, data: { artifactId: null } });
    const { evaluation } = await requestModelEvaluation(db.prisma, { teamId: fx.teamId, createdById: fx.userId, modelId: fx.modelId, datasetId: fx.datasetId, split: null });
    const done = await until('the failed evaluation', async () => {
      const row = await getModelEvaluation(db.prisma, fx.teamId, evaluation.id);
      return finished(row.status) ? row : null;
    });
    expect(done).toMatchObject({ status: 'FAILED', errorCode: 'MISSING_ARTIFACT' });
    expect(done.errorMessage).toMatch(/has no stored bytes/);
  }, 200_000);
});
