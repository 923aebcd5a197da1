/**
 * Benchmark: one forward + backward to the input of S-CNN (mean-logit proxy) on the wasm backend,
 * stock TF.js conv2d gradients (Conv2DBackpropInput) against the forward-conv gradients of
 * `conv2dFastGrad`. Same weights (scnn.safetensors), same BN folding, same input (the fixture's
 * pattern-500 at the chosen size). Also times the forward alone and, for the fast op, a training
 * step (gradients of all 46 trainable variables; stock wasm cannot do that: no Conv2DBackpropFilter).
 * Prints the median of `--repeats` runs after one warm-up, and the max |Δ| between the two input
 * gradients. Then a correctness check at `--check-size` (default 64): both wasm gradients against
 * the stock gradient on the cpu backend.
 *
 *   npx tsx tools/bench/scnn-grad.bench.ts [--size 500] [--batch 1] [--repeats 5] [--check-size 64]
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { cpus } from 'node:os';
import { fixturePath } from '../../libs/testing/src/index';
import { SCNN_FEATURE_LAYERS } from '../../libs/iqa-models/src/architectures/scnn-features';
import { createScnnModel, type ScnnModel } from '../../libs/iqa-models/src/architectures/scnn';
import { foldBatchNorm } from '../../libs/iqa-models/src/ops/batch-norm-inference';
import { IMAGENET_NORMALIZATION, normalizeInput } from '../../libs/iqa-models/src/ops/normalize-input';
import { readSafetensorsFile } from '../../libs/iqa-models/src/weights/safetensors-reader';

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

const size = argument('size', 500);
const checkSize = argument('check-size', 64);
const batch = argument('batch', 1);
const repeats = argument('repeats', 5);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

await tf.setBackend('wasm');
const model = createScnnModel((await readSafetensorsFile(fixturePath('scnn.safetensors'))).tensors);

/** The same network as `model.score`, built from the model's variables with stock tf.conv2d. */
function stockScore(m: ScnnModel, images: tf.Tensor4D): tf.Tensor1D {
  const v = (name: string) => m.variables.get(name)! as tf.Tensor;
  const bn = (prefix: string) => ({
    gamma: v(`${prefix}.weight`) as tf.Tensor1D,
    beta: v(`${prefix}.bias`) as tf.Tensor1D,
    mean: v(`${prefix}.running_mean`) as tf.Tensor1D,
    variance: v(`${prefix}.running_var`) as tf.Tensor1D,
    epsilon: 1e-5,
  });
  return tf.tidy(() => {
    let x = normalizeInput(images, IMAGENET_NORMALIZATION);
    for (const layer of SCNN_FEATURE_LAYERS) {
      const folded = foldBatchNorm(v(`features.${layer.conv}.weight`) as tf.Tensor4D, v(`features.${layer.conv}.bias`) as tf.Tensor1D, bn(`features.${layer.bn}`));
      const pad: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [1, 1], [1, 1], [0, 0]];
      x = tf.relu(tf.add(tf.conv2d(x, folded.filter, layer.stride, pad), folded.bias)) as tf.Tensor4D;
    }
    let h = tf.mean(x, [1, 2]) as tf.Tensor2D;
    for (const [conv, norm] of [[0, 1], [3, 4]] as const) {
      const folded = foldBatchNorm(v(`projection.${conv}.weight`) as tf.Tensor2D, v(`projection.${conv}.bias`) as tf.Tensor1D, bn(`projection.${norm}`));
      h = tf.relu(tf.add(tf.matMul(h, folded.filter), folded.bias)) as tf.Tensor2D;
    }
    const logits = tf.add(tf.matMul(h, v('classifier.weight') as tf.Tensor2D), v('classifier.bias'));
    return tf.mean(logits, 1) as tf.Tensor1D;
  });
}

/** The fixture's pattern-500 formula (image b shifted by b grey levels). */
function pattern(n: number, s: number): Float32Array {
  const out = new Float32Array(n * s * s * 3);
  for (let b = 0; b < n; b++)
    for (let y = 0; y < s; y++)
      for (let x = 0; x < s; x++)
        for (let c = 0; c < 3; c++)
          out[((b * s + y) * s + x) * 3 + c] = ((7 * x + 13 * y + 29 * c + ((x * y) % 17) + b) % 256) / 255;
  return out;
}
const input = tf.tensor4d(pattern(batch, size), [batch, size, size, 3]);

type Score = (images: tf.Tensor4D) => tf.Tensor1D;
const fast: Score = (images) => model.score(images);
const stock: Score = (images) => stockScore(model, images);

function inputGradient(score: Score, images: tf.Tensor4D = input): Float32Array {
  return tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(score(x as tf.Tensor4D)))(images).dataSync() as Float32Array);
}

/** max |a − b| / max |b|, and how many elements differ by more than 1e-4 · max |b|. */
function compare(a: Float32Array, b: Float32Array): string {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  const count = a.reduce((n, v, i) => n + (Math.abs(v - b[i]!) > 1e-4 * scale ? 1 : 0), 0);
  return `max |Δ| / max |ref| = ${(diff / scale).toExponential(2)}, ${count} of ${b.length} elements off by > 1e-4·max`;
}

/** Median seconds of each run, the runs interleaved (a, b, a, b, ...) so load changes hit both. */
function timePair(labels: [string, string], runs: [() => void, () => void]): [number, number] {
  runs.forEach((run) => run()); // warm-up (kernel setup, XNNPACK operator creation)
  const seconds: [number[], number[]] = [[], []];
  for (let r = 0; r < repeats; r++) {
    runs.forEach((run, i) => {
      const t0 = performance.now();
      run();
      seconds[i]!.push((performance.now() - t0) / 1000);
    });
  }
  const medians = seconds.map(median) as [number, number];
  labels.forEach((label, i) =>
    console.log(`${label.padEnd(44)} median ${medians[i]!.toFixed(3)} s  (runs: ${seconds[i]!.map((s) => s.toFixed(3)).join(', ')})`),
  );
  return medians;
}

console.log(`S-CNN ${batch}×${size}×${size}×3, wasm, ${cpus().length} CPUs visible (${cpus()[0]?.model ?? '?'}), tfjs ${tf.version.tfjs}`);
const before = tf.memory().numTensors;
timePair(
  ['forward only (fast-grad kernel)', 'forward only (stock conv2d)'],
  [() => tf.tidy(() => fast(input).dataSync()), () => tf.tidy(() => stock(input).dataSync())],
);
const [tFast, tStock] = timePair(
  ['forward + input gradient, fast', 'forward + input gradient, stock'],
  [() => inputGradient(fast), () => inputGradient(stock)],
);
const trainStep = () =>
  tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => tf.sum(fast(input)) as tf.Scalar, model.trainableVariables as tf.Variable[]);
    value.dataSync();
    Object.values(grads).forEach((g) => g.dataSync());
  });
timePair(['forward + input gradient, fast (again)', 'forward + all weight gradients, fast (train)'], [() => inputGradient(fast), trainStep]);
const a = inputGradient(fast);
const b = inputGradient(stock);
let maxDiff = 0;
let maxAbs = 0;
for (let i = 0; i < a.length; i++) {
  maxDiff = Math.max(maxDiff, Math.abs(a[i]! - b[i]!));
  maxAbs = Math.max(maxAbs, Math.abs(b[i]!));
}
console.log(`speed-up (stock / fast): ${(tStock / tFast).toFixed(2)}×`);
console.log(`input gradients: max |fast − stock| = ${maxDiff.toExponential(2)} (max |grad| ${maxAbs.toExponential(2)})`);
console.log(`tensors leaked: ${tf.memory().numTensors - before}`);
input.dispose();

// Correctness at a small size, against the cpu backend's stock gradient.
const small = pattern(1, checkSize);
const onWasm = (score: Score) => {
  const x = tf.tensor4d(small, [1, checkSize, checkSize, 3]);
  const g = inputGradient(score, x);
  x.dispose();
  return g;
};
const fastWasm = onWasm(fast);
const stockWasm = onWasm(stock);
model.dispose();
await tf.setBackend('cpu');
const cpuModel = createScnnModel((await readSafetensorsFile(fixturePath('scnn.safetensors'))).tensors);
const xCpu = tf.tensor4d(small, [1, checkSize, checkSize, 3]);
const stockCpu = inputGradient((images) => stockScore(cpuModel, images), xCpu);
const fastCpu = inputGradient((images) => cpuModel.score(images), xCpu);
console.log(`check ${checkSize}×${checkSize}, reference = stock gradient on cpu:`);
console.log(`  fast on wasm : ${compare(fastWasm, stockCpu)}`);
console.log(`  stock on wasm: ${compare(stockWasm, stockCpu)}`);
console.log(`  fast on cpu  : ${compare(fastCpu, stockCpu)}`);
xCpu.dispose();
cpuModel.dispose();
