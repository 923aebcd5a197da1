import { fileURLToPath } from 'node:url';
import { WorkerPool } from '../compute/worker-pool';

/**
 * Runs one job through a 2-worker pool and prints a JSON summary: used by worker-pool.spec.ts to check that
 * the pool works when the parent process runs under `npx tsx` (not only under vitest).
 */
const factory = fileURLToPath(new URL('./toy-model-factory.ts', import.meta.url));
const pool = await WorkerPool.start({ size: 2, backend: 'wasm' });
try {
  const result = await pool.run({
    image: { data: new Float32Array(16 * 16 * 3).fill(0.5), shape: [16, 16, 3] },
    model: { module: factory, exportName: 'createToyModel', args: { kind: 'conv', seed: 2 } },
    attack: 'ifgsm',
    config: { steps: 3 },
  });
  console.log(JSON.stringify({ backends: pool.backends, backend: result.backend, iterations: result.iterations, clean: result.cleanScores, final: result.finalScores }));
} finally {
  await pool.close();
}
