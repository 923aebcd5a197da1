import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { WorkerPool } from '../compute/worker-pool';
import { runAttack } from '../runner/run-attack';
import { createToyModel } from './toy-model-factory';

/**
 * Throughput of I-FGSM (10 steps) on the toy conv net, in image-iterations per second: in-process, then a
 * pool of 1 and 2 workers. `npx tsx libs/attack-runner/src/testing/measure-worker-throughput.ts [size] [jobs]`.
 * A measurement, not a test: it asserts nothing.
 */
const size = Number(process.argv[2] ?? 64);
const jobs = Number(process.argv[3] ?? 8);
const steps = 10;
const args = { kind: 'conv', seed: 1, channels: 16 } as const;
const factory = fileURLToPath(new URL('./toy-model-factory.ts', import.meta.url));
const image = Float32Array.from({ length: size * size * 3 }, (_, i) => ((i * 7919) % 1000) / 1000);
const job = { image: { data: image, shape: [size, size, 3] as [number, number, number] }, model: { module: factory, exportName: 'createToyModel', args }, attack: 'ifgsm', config: { steps } };

await tf.setBackend('wasm');
const model = await createToyModel(args);
const images = tf.tensor4d(image, [1, size, size, 3]);
const once = async () => (await runAttack({ attack: 'ifgsm', config: { steps }, model, images })).adversarial.dispose();
await once();
let start = performance.now();
for (let i = 0; i < jobs; i++) await once();
const inProcess = (jobs * steps) / ((performance.now() - start) / 1000);
console.log(`in-process (main thread): ${inProcess.toFixed(1)} img-iter/s`);

for (const workers of [1, 2]) {
  const pool = await WorkerPool.start({ size: workers, backend: 'wasm' });
  await Promise.all(Array.from({ length: workers }, () => pool.run(job))); // warm-up: model build + kernels
  start = performance.now();
  await Promise.all(Array.from({ length: jobs }, () => pool.run(job)));
  const rate = (jobs * steps) / ((performance.now() - start) / 1000);
  console.log(`${workers} worker(s): ${rate.toFixed(1)} img-iter/s (${size}×${size}, ${jobs} jobs × ${steps} steps)`);
  await pool.close();
}
tf.dispose(images);
model.dispose();
