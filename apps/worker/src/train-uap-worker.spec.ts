import { migrateDatabase } from '@rankfall/db';
import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { createRun } from '@rankfall/runs';
import { seedRunFixtures, type RunFixtures } from '@rankfall/runs/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWorkerProcess, type WorkerProcess } from './testing/worker-process';

/**
 * UAP as a run in real worker processes: score-clean → train-uap → perturb → aggregate through the queue, and a
 * worker killed (SIGKILL) after a TRAIN_UAP checkpoint: its successor resumes there, and the trained δ, the
 * results and the metrics equal those of an uninterrupted run with the same seed.
 */
let db: TestDatabase;
let fx: RunFixtures;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_worker_uap', migrate: false });
  await migrateDatabase(db.url);
  fx = await seedRunFixtures(db.prisma, { references: 4, splits: { train: 0.5, val: 0, test: 0.5 } });
}, 120_000);
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.kill('SIGKILL')));
});
afterAll(async () => {
  await fx?.cleanup();
  await db?.drop();
});

function worker(name: string): WorkerProcess {
  const w = startWorkerProcess({ DATABASE_URL: db.url, RANKFALL_ARTIFACT_DIR: fx.store.root, RANKFALL_BACKEND: 'wasm', RANKFALL_WORKER_RESCUE_EVERY_MS: '500', RANKFALL_WORKER_RESCUE_GRACE_MS: '0', RANKFALL_WORKER_NAME: name });
  workers.push(w);
  return w;
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 240_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// 10 train images in batches of 2 for 60 epochs: 300 batches, a checkpoint every 5.
const uapRequest = (name: string) => ({ teamId: fx.teamId, createdById: fx.userId, name, modelId: fx.modelId, datasetId: fx.datasetId, attackId: 'uap', seed: 5, config: { size: 16, epochs: 60, batchSize: 2, learningRate: 0.0005, checkpointEvery: 5 } });

const finished = (runId: string) => until(`run ${runId} to finish`, async () => {
  const row = await db.prisma.run.findUniqueOrThrow({ where: { id: runId } });
  return ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(row.status) ? row : null;
});
const trainSummary = async (runId: string) => (await db.prisma.runStage.findUniqueOrThrow({ where: { runId_kind: { runId, kind: 'TRAIN_UAP' } } })).summary as { steps: number; perturbation: { sha256: string } };
const resultsOf = (runId: string) => db.prisma.imageResult.findMany({ where: { runId }, select: { imageId: true, cleanScore: true, attackedScore: true, attackedScoreFloat: true, linf: true }, orderBy: { imageId: 'asc' } });
const metricsOf = (runId: string) => db.prisma.runMetric.findMany({ where: { runId }, select: { name: true, reference: true, value: true, ciLow: true, ciHigh: true }, orderBy: [{ name: 'asc' }, { reference: 'asc' }] });

describe('train-uap in worker processes', () => {
  it('runs a UAP run end to end, and a worker killed mid-training is resumed bit-identically', async () => {
    const first = worker('u1');
    await first.ready;
    const reference = await createRun(db.prisma, uapRequest('uninterrupted'));
    const referenceRun = await finished(reference.id);
    expect(referenceRun.status, referenceRun.errorMessage ?? '').toBe('SUCCEEDED');
    expect((await trainSummary(reference.id)).steps).toBe(300);

    const run = await createRun(db.prisma, uapRequest('killed in training'));
    await until('a TRAIN_UAP checkpoint', async () => {
      const stage = await db.prisma.runStage.findUniqueOrThrow({ where: { runId_kind: { runId: run.id, kind: 'TRAIN_UAP' } } });
      return stage.status === 'RUNNING' && (stage.checkpointIteration ?? 0) >= 5 && (stage.checkpointIteration ?? 0) < 250;
    });
    await first.kill('SIGKILL');
    const second = worker('u2');
    await second.ready;
    const done = await finished(run.id);
    expect(done.status, done.errorMessage ?? '').toBe('SUCCEEDED');
    expect(second.lines.join('\n')).toMatch(new RegExp(`run ${run.id}: train-uap resumes at step [1-9]`));
    expect((await trainSummary(run.id)).perturbation.sha256).toBe((await trainSummary(reference.id)).perturbation.sha256);
    const results = await resultsOf(run.id);
    expect(results).toHaveLength(run.imageCount);
    expect(results.map(({ imageId: _, ...r }) => r)).toEqual((await resultsOf(reference.id)).map(({ imageId: _, ...r }) => r));
    expect(await metricsOf(run.id)).toEqual(await metricsOf(reference.id));
  }, 600_000);
});
