import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AttackError } from '../runner/attack-error';
import { runAttack } from '../runner/run-attack';
import { createToyModel } from '../testing/toy-model-factory';
import { ComputeError } from './compute-error';
import { WorkerPool, type AttackJob } from './worker-pool';

const factory = fileURLToPath(new URL('../testing/toy-model-factory.ts', import.meta.url));
const modelSpec = { module: factory, exportName: 'createToyModel', args: { kind: 'conv', seed: 4 } } as const;
const image = Float32Array.from({ length: 16 * 16 * 3 }, (_, i) => ((i * 7919) % 1000) / 1000);
const job = (extra: Partial<AttackJob> = {}): AttackJob => ({ image: { data: image, shape: [16, 16, 3] }, model: modelSpec, attack: 'ifgsm', ...extra });

describe('WorkerPool (worker_threads running TypeScript under tsx, one TF.js wasm instance each)', () => {
  let pool: WorkerPool;

  beforeAll(async () => {
    await tf.setBackend('wasm');
    pool = await WorkerPool.start({ backend: 'wasm', env: {} });
  });

  afterAll(async () => {
    await pool.close();
  });

  it('starts one worker per core by default, each on wasm', () => {
    expect(pool.size).toBe(availableParallelism());
    expect(pool.backends).toEqual(Array.from({ length: pool.size }, () => 'wasm'));
  });

  it('returns what runAttack returns in-process (bit-identical on the same backend), with progress', async () => {
    const progress: number[] = [];
    const remote = await pool.run(job({ config: { steps: 3 }, seed: 5 }), { onProgress: (p) => progress.push(p.iteration) });
    const model = await createToyModel(modelSpec.args);
    const images = tf.tensor4d(image, [1, 16, 16, 3]);
    const local = await runAttack({ attack: 'ifgsm', config: { steps: 3 }, model, images, seed: 5 });
    const localData = local.adversarial.dataSync();
    tf.dispose([images, local.adversarial]);
    model.dispose();
    expect(progress).toEqual([1, 2, 3]);
    expect(remote.adversarial.shape).toEqual([1, 16, 16, 3]);
    expect(Array.from(remote.adversarial.data)).toEqual(Array.from(localData));
    expect(remote.finalScores).toEqual(local.finalScores);
    expect(remote.trajectory).toEqual(local.trajectory);
    expect(remote.backend).toBe('wasm');
  });

  it('runs concurrent jobs on different workers', async () => {
    const results = await Promise.all([pool.run(job()), pool.run(job()), pool.run(job()), pool.run(job())]);
    expect(new Set(results.map((r) => r.workerId)).size).toBe(Math.min(pool.size, 4));
    // Same job, same result on every worker.
    results.forEach((r) => expect(r.finalScores).toEqual(results[0]!.finalScores));
  });

  it('passes targets and universal perturbations through', async () => {
    const targeted = await pool.run(job({ attack: 'sma-stage2', targets: [100] }));
    expect(targeted.finalScores[0]).toBeGreaterThan(targeted.cleanScores[0]!);
    const delta = new Float32Array(8 * 8 * 3).fill(0.01);
    const applied = await pool.run(job({ attack: 'uap', perturbation: { data: delta, shape: [1, 8, 8, 3] } }));
    expect(applied.iterations).toBe(0);
    applied.adversarial.data.forEach((v, i) => expect(v).toBeCloseTo(Math.min(1, image[i]! + 0.01), 6));
  });

  it('revives the worker errors as domain errors', async () => {
    await expect(pool.run(job({ attack: 'deepfool' }))).rejects.toMatchObject({ name: 'AttackError', code: 'UNKNOWN_ATTACK' });
    await expect(pool.run(job({ config: { epsilon: 5 } }))).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    const badShape = { image: { data: image, shape: [8, 8, 3] }, model: modelSpec, attack: 'fgsm' } as AttackJob;
    await expect(pool.run(badShape)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const badFactory = job({ model: { module: factory, exportName: 'nothingHere' } });
    await expect(pool.run(badFactory)).rejects.toThrow("model factory 'nothingHere' is not a function");
  });

  it('fails the job of a worker that dies, replaces the worker and keeps serving', async () => {
    const crash = pool.run(job({ model: { module: factory, exportName: 'createToyModel', args: { kind: 'crash' } } }));
    await expect(crash).rejects.toMatchObject({ name: 'ComputeError', code: 'WORKER_FAILED' });
    await expect(crash).rejects.toThrow(/died while running job \d+: exited with code 3/);
    const after = await Promise.all(Array.from({ length: pool.size + 1 }, () => pool.run(job({ config: { steps: 1 } }))));
    expect(after.every((r) => r.iterations === 1)).toBe(true);
    // The replacement worker reports its backend once started.
    await vi.waitFor(() => expect(pool.backends).toEqual(Array.from({ length: pool.size }, () => 'wasm')), { timeout: 20_000, interval: 100 });
  });

  it('cancels a running job between iterations and a queued job at once', async () => {
    const running = new AbortController();
    const long = pool.run(job({ config: { steps: 100_000 } }), {
      signal: running.signal,
      onProgress: (p) => {
        if (p.iteration === 2) running.abort();
      },
    });
    const queued = new AbortController();
    // Fill the other workers so the next job waits in the queue.
    const fillers = Array.from({ length: pool.size - 1 }, () => pool.run(job({ config: { steps: 20 } })));
    const waiting = pool.run(job(), { signal: queued.signal });
    queued.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(long).rejects.toBeInstanceOf(AttackError);
    await expect(long).rejects.toMatchObject({ code: 'CANCELLED' });
    await Promise.all(fillers);
    // The pool is still usable.
    expect((await pool.run(job({ config: { steps: 1 } }))).iterations).toBe(1);
  });
});

describe('WorkerPool sizing and lifecycle', () => {
  it('honours RANKFALL_WORKERS and rejects invalid counts', async () => {
    const one = await WorkerPool.start({ backend: 'cpu', env: { RANKFALL_WORKERS: '1' } });
    expect(one.size).toBe(1);
    expect(one.backends).toEqual(['cpu']);
    await one.close();
    await expect(one.run(job())).rejects.toMatchObject({ code: 'POOL_CLOSED' });
    for (const bad of ['0', 'many', '1.5']) {
      await expect(WorkerPool.start({ env: { RANKFALL_WORKERS: bad } })).rejects.toMatchObject({ code: 'INVALID_WORKER_COUNT' });
    }
    await expect(WorkerPool.start({ size: 0 })).rejects.toBeInstanceOf(ComputeError);
  });

  it('fails to start with the worker backend error when the forced backend is unavailable', async () => {
    await expect(WorkerPool.start({ size: 1, backend: 'node' })).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
  });

  it('works when the parent runs under `npx tsx` too', async () => {
    const script = fileURLToPath(new URL('../testing/worker-pool-smoke.ts', import.meta.url));
    const { stdout } = await promisify(execFile)('npx', ['tsx', script], { cwd: fileURLToPath(new URL('../..', import.meta.url)) });
    const summary = JSON.parse(stdout.trim().split('\n').pop()!) as { backends: string[]; backend: string; iterations: number; clean: number[]; final: number[] };
    expect(summary.backends).toEqual(['wasm', 'wasm']);
    expect(summary.iterations).toBe(3);
    expect(summary.final[0]).toBeLessThan(summary.clean[0]!);
  }, 60_000);
});
