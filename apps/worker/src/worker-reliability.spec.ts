import { countLiveWorkers, migrateDatabase } from '@rankfall/db';
import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { createRun } from '@rankfall/runs';
import { seedRunFixtures, type RunFixtures } from '@rankfall/runs/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWorkerProcess, type WorkerProcess } from './testing/worker-process';

/**
 * Real worker processes on a real PostgreSQL: killed with SIGKILL mid-stage, restarted, run side by side,
 * cut off from the database. Each run must complete with every image attacked exactly once and the same
 * metrics as an uninterrupted run with the same seed.
 */
let db: TestDatabase;
let fx: RunFixtures;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  // Migrated the real way (prisma migrate deploy), as the worker process checks the migration history.
  db = await createTestDatabase({ prefix: 'rankfall_worker_rel', migrate: false });
  await migrateDatabase(db.url);
  fx = await seedRunFixtures(db.prisma, { references: 4 });
}, 120_000);
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.kill('SIGKILL')));
});
afterAll(async () => {
  await fx?.cleanup();
  await db?.drop();
});

function worker(name: string): WorkerProcess {
  const w = startWorkerProcess({
    DATABASE_URL: db.url,
    RANKFALL_ARTIFACT_DIR: fx.store.root,
    RANKFALL_BACKEND: 'wasm',
    RANKFALL_STAGE1_CHECKPOINT_EVERY: '50000',
    RANKFALL_WORKER_RESCUE_EVERY_MS: '500',
    RANKFALL_WORKER_RESCUE_GRACE_MS: '0',
    RANKFALL_WORKER_NAME: name,
  });
  workers.push(w);
  return w;
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const smaRequest = (name: string, shardCount = 1) => ({ teamId: fx.teamId, createdById: fx.userId, name, modelId: fx.modelId, datasetId: fx.datasetId, split: 'TEST' as const, attackId: 'sma', config: { stage1: { iterations: 2_000_000 }, stage2: { steps: 30, alpha: 0.0002 } }, shardCount });

async function finished(runId: string) {
  const run = await until(`run ${runId} to finish`, async () => {
    const row = await db.prisma.run.findUniqueOrThrow({ where: { id: runId } });
    return ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(row.status) ? row : null;
  }, 240_000);
  return run;
}

const metricsOf = (runId: string) => db.prisma.runMetric.findMany({ where: { runId }, select: { name: true, reference: true, value: true, ciLow: true, ciHigh: true }, orderBy: [{ name: 'asc' }, { reference: 'asc' }] });
const resultsOf = (runId: string) => db.prisma.imageResult.findMany({ where: { runId }, select: { imageId: true, cleanScore: true, targetScore: true, attackedScore: true }, orderBy: { imageId: 'asc' } });

describe('worker processes', () => {
  it('survives SIGKILL during stage 1 and twice during perturb; the run equals an uninterrupted one', async () => {
    const reference = await createRun(db.prisma, smaRequest('uninterrupted'));
    const first = worker('w1');
    await first.ready;
    const referenceRun = await finished(reference.id);
    expect(referenceRun.status).toBe('SUCCEEDED');

    const run = await createRun(db.prisma, smaRequest('killed three times'));
    // Kill 1: stage 1 has written a checkpoint but is not done.
    await until('a stage-1 checkpoint', async () => {
      const stage = await db.prisma.runStage.findUniqueOrThrow({ where: { runId_kind: { runId: run.id, kind: 'TARGETS' } } });
      return stage.status === 'RUNNING' && (stage.checkpointIteration ?? 0) > 0 && (stage.checkpointIteration ?? 0) < 2_000_000;
    });
    await first.kill('SIGKILL');
    // Kills 2 and 3: during perturb, with some images done and some not.
    for (const name of ['w2', 'w3']) {
      const next = worker(name);
      await next.ready;
      const before = await db.prisma.imageResult.count({ where: { runId: run.id, perturbedAt: { not: null } } });
      await until('an image perturbed by the new worker', async () => {
        const n = await db.prisma.imageResult.count({ where: { runId: run.id, perturbedAt: { not: null } } });
        return n > before && n < run.imageCount;
      });
      await next.kill('SIGKILL');
    }
    const last = worker('w4');
    await last.ready;
    const done = await finished(run.id);
    expect(done.status).toBe('SUCCEEDED');
    const lines = workers.flatMap((w) => w.lines).join('\n');
    expect(lines).toMatch(/stage 1 resumes at iteration [1-9]/);
    expect(lines).toMatch(/released the jobs of 1 dead worker/);
    expect(await db.prisma.imageResult.count({ where: { runId: run.id } })).toBe(run.imageCount);
    expect(await resultsOf(run.id)).toEqual(await resultsOf(reference.id));
    expect(await metricsOf(run.id)).toEqual(await metricsOf(reference.id));
  }, 600_000);

  it('two workers on one run attack each image exactly once', async () => {
    const a = worker('a');
    const b = worker('b');
    await Promise.all([a.ready, b.ready]);
    const run = await createRun(db.prisma, { ...smaRequest('two workers', 2), config: { stage1: { iterations: 2_000 } } });
    expect((await finished(run.id)).status).toBe('SUCCEEDED');
    const attacked = [...a.lines, ...b.lines].filter((line) => line.includes(`run ${run.id}: shard`) && line.includes('attacked'));
    const keys = attacked.map((line) => line.match(/attacked (\S+) /)?.[1]);
    expect(keys).toHaveLength(run.imageCount);
    expect(new Set(keys).size).toBe(run.imageCount);
    const shards = await db.prisma.runShard.findMany({ where: { runId: run.id } });
    expect(new Set(shards.map((s) => s.workerId)).size).toBe(2);
  }, 300_000);

  it('stops cleanly when the database goes away while it stops (no unhandled connection error)', async () => {
    const w = worker('shutdown');
    await w.ready;
    const exit = new Promise<number | null>((done) => w.child.once('exit', (code) => done(code)));
    w.child.kill('SIGTERM');
    await db.prisma.$executeRawUnsafe(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${db.name}' AND pid <> pg_backend_pid()`);
    expect(await exit, w.lines.slice(-15).join('\n')).toBe(0);
    expect(w.lines.join('\n')).not.toMatch(/Unhandled 'error' event|Emitted 'error' event/);
  }, 120_000);

  it('keeps going when PostgreSQL terminates every connection mid-run', async () => {
    const w = worker('pg');
    await w.ready;
    const run = await createRun(db.prisma, { ...smaRequest('connections cut'), config: { stage1: { iterations: 2_000 }, stage2: { steps: 30, alpha: 0.0002 } } });
    await until('an image perturbed', async () => (await db.prisma.imageResult.count({ where: { runId: run.id, perturbedAt: { not: null } } })) > 0);
    expect(await countLiveWorkers(db.prisma)).toBe(1);
    await db.prisma.$executeRawUnsafe(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${db.name}' AND pid <> pg_backend_pid()`);
    const done = await finished(run.id);
    // The worker took its liveness lock again on a new connection: it does not look dead to other workers.
    await until('the liveness lock to be taken again', async () => (await countLiveWorkers(db.prisma)) === 1, 20_000);
    expect(w.lines.join('\n')).toContain('liveness reconnected');
    expect(done.status).toBe('SUCCEEDED');
    expect(await db.prisma.imageResult.count({ where: { runId: run.id, perturbedAt: { not: null } } })).toBe(run.imageCount);
  }, 300_000);
});
