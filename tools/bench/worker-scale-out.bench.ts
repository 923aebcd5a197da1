/**
 * Worker scale-out: one I-FGSM run (2 perturb shards) executed by 1 worker process, then an identical run by
 * 2 worker processes on the same database, alternating A/B/A/B so both see the same machine load. The number is
 * perturb-stage throughput in image-iterations per second: images × attack steps / (last shard finished − first
 * shard started), read from the run's shard rows. Real processes, real PostgreSQL, real queue.
 *
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx tools/bench/worker-scale-out.bench.ts [--references 8] [--steps 40] [--rounds 2] [--size 128]
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { migrateDatabase } from '../../libs/db/src/index';
import { createTestDatabase } from '../../libs/db/src/testing/index';
import { createRun } from '../../libs/runs/src/index';
import { seedRunFixtures } from '../../libs/runs/src/testing/index';
import { startWorkerProcess, type WorkerProcess } from '../../apps/worker/src/testing/worker-process';

const { values } = parseArgs({ options: { references: { type: 'string', default: '8' }, steps: { type: 'string', default: '40' }, rounds: { type: 'string', default: '2' }, size: { type: 'string', default: '128' } } });
const references = Number(values.references);
const steps = Number(values.steps);
const rounds = Number(values.rounds);
const size = Number(values.size);

const db = await createTestDatabase({ prefix: 'rankfall_bench_scale', migrate: false });
await migrateDatabase(db.url);
const fx = await seedRunFixtures(db.prisma, { references, levels: 2, size });
const workers: WorkerProcess[] = [];

async function measure(processes: number): Promise<{ imgIterPerSecond: number; images: number; seconds: number }> {
  const started = Array.from({ length: processes }, (_, i) =>
    startWorkerProcess({ DATABASE_URL: db.url, RANKFALL_ARTIFACT_DIR: fx.store.root, RANKFALL_BACKEND: 'wasm', RANKFALL_WORKER_NAME: `bench${i}` }),
  );
  workers.push(...started);
  await Promise.all(started.map((w) => w.ready));
  const run = await createRun(db.prisma, { teamId: fx.teamId, createdById: fx.userId, modelId: fx.modelId, datasetId: fx.datasetId, split: 'TEST', attackId: 'ifgsm', config: { steps, alpha: 0.005 / steps }, shardCount: 2 });
  for (;;) {
    const row = await db.prisma.run.findUniqueOrThrow({ where: { id: run.id }, select: { status: true, errorMessage: true } });
    if (row.status === 'SUCCEEDED') break;
    if (row.status === 'FAILED' || row.status === 'CANCELLED') throw new Error(`run ${row.status}: ${row.errorMessage}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  await Promise.all(started.map((w) => w.kill('SIGTERM')));
  const shards = await db.prisma.runShard.findMany({ where: { runId: run.id } });
  const start = Math.min(...shards.map((s) => s.startedAt!.getTime()));
  const end = Math.max(...shards.map((s) => s.finishedAt!.getTime()));
  const seconds = (end - start) / 1000;
  return { imgIterPerSecond: (run.imageCount * steps) / seconds, images: run.imageCount, seconds };
}

try {
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${references} scenes, ${steps} I-FGSM steps, ${size}×${size} images, demo CNN, wasm`);
  const results: Record<number, number[]> = { 1: [], 2: [] };
  for (let round = 0; round < rounds; round += 1) {
    for (const processes of [1, 2]) {
      const r = await measure(processes);
      results[processes]!.push(r.imgIterPerSecond);
      console.log(`round ${round + 1}: ${processes} worker process(es): ${r.images} images in ${r.seconds.toFixed(2)} s = ${r.imgIterPerSecond.toFixed(1)} img-iter/s`);
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(`1 → 2 processes: ${mean(results[1]!).toFixed(1)} → ${mean(results[2]!).toFixed(1)} img-iter/s (×${(mean(results[2]!) / mean(results[1]!)).toFixed(2)})`);
} finally {
  await Promise.all(workers.map((w) => w.kill('SIGKILL')));
  await fx.cleanup();
  await db.drop();
}
