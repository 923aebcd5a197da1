/**
 * Where the time of one SMA stage-2 step on S-CNN goes (wasm, one thread, in-process): the whole forward,
 * forward + input gradient (the step's `tf.valueAndGrad`), a per-kernel breakdown of that step (`tf.profile`),
 * and per conv layer the forward and the input gradient on the layer's real input size. The PyTorch side of
 * the same breakdown is `sma-stage2-torch.py --profile`. A measurement, not a test: it asserts nothing.
 *
 *   npx tsx tools/bench/sma-stage2-profile.ts [--size 500] [--runs 5]
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { cpus, loadavg } from 'node:os';
import { fixturePath } from '../../libs/testing/src/index';
import { createIqaModel } from '../../libs/iqa-models/src/create-iqa-model';
import { SCNN_FEATURE_LAYERS } from '../../libs/iqa-models/src/architectures/scnn-features';
import { foldConvBn } from '../../libs/iqa-models/src/architectures/scnn-parameters';
import type { ScnnModel } from '../../libs/iqa-models/src/architectures/scnn';
import { conv2dFastGrad } from '../../libs/iqa-models/src/ops/conv2d-fast-grad';
import { Conv2dInputGradientKernels } from '../../libs/iqa-models/src/ops/conv2d-input-gradient-kernels';
import { IMAGENET_NORMALIZATION, normalizeInput } from '../../libs/iqa-models/src/ops/normalize-input';
import { scnnPattern } from './sma-stage2-pattern';

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}
const size = argument('size', 500);
const runs = argument('runs', 5);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Median wall and CPU milliseconds of `runs` calls after one warm-up. */
function time(fn: () => void): { wallMs: number; cpuMs: number } {
  fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wallMs: median(wall), cpuMs: median(cpu) };
}

await tf.setBackend('wasm');
const model = (await createIqaModel('scnn-distortion-proxy', { weights: fixturePath('scnn.safetensors') })) as ScnnModel;
const x = tf.tensor4d(scnnPattern(0, size), [1, size, size, 3]);
const target = tf.scalar(-1.1);
const step = () =>
  tf.tidy(() => {
    const { value, grad } = tf.valueAndGrad((input: tf.Tensor4D) => tf.sum(tf.square(tf.sub(model.score(input), target))) as tf.Scalar)(x);
    value.dataSync();
    grad.dataSync();
  });

console.log(`S-CNN 1×${size}×${size}×3, wasm (1 thread), ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), tfjs ${tf.version.tfjs}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const forward = time(() => tf.tidy(() => void model.score(x).dataSync()));
const both = time(step);
console.log(`forward: ${forward.wallMs.toFixed(0)} ms wall, ${forward.cpuMs.toFixed(0)} ms CPU`);
console.log(`forward + input gradient: ${both.wallMs.toFixed(0)} ms wall, ${both.cpuMs.toFixed(0)} ms CPU`);

// Kernel breakdown of one step.
const profile = await tf.profile(step);
const byKernel = new Map<string, { ms: number; count: number }>();
for (const k of profile.kernels) {
  const entry = byKernel.get(k.name) ?? { ms: 0, count: 0 };
  entry.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
  entry.count += 1;
  byKernel.set(k.name, entry);
}
const total = [...byKernel.values()].reduce((s, e) => s + e.ms, 0);
console.log(`kernels of one step (tf.profile; sum ${total.toFixed(0)} ms; newBytes ${profile.newBytes}, peakBytes ${(profile.peakBytes / 2 ** 20).toFixed(0)} MiB):`);
for (const [name, e] of [...byKernel].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20)) {
  console.log(`  ${name.padEnd(28)} ${e.ms.toFixed(1).padStart(8)} ms  ×${e.count}`);
}

// Per conv layer, on its real input: forward, and forward + input gradient (dy = ones).
const acts: tf.Tensor4D[] = [];
tf.tidy(() => {
  let h = normalizeInput(x, IMAGENET_NORMALIZATION);
  for (const [i, layer] of SCNN_FEATURE_LAYERS.entries()) {
    acts.push(tf.keep(h));
    const params = foldedOf(i);
    h = conv2dFastGrad(h, params.filter, { stride: layer.stride, pad: 1, bias: params.bias, activation: 'relu' });
  }
});

function foldedOf(i: number): { filter: tf.Tensor4D; bias: tf.Tensor1D } {
  const layer = SCNN_FEATURE_LAYERS[i]!;
  const v = (name: string) => model.variables.get(name)!;
  return foldConvBn({
    weight: v(`features.${layer.conv}.weight`) as tf.Variable<tf.Rank.R4>,
    bias: v(`features.${layer.conv}.bias`) as tf.Variable<tf.Rank.R1>,
    gamma: v(`features.${layer.bn}.weight`) as tf.Variable<tf.Rank.R1>,
    beta: v(`features.${layer.bn}.bias`) as tf.Variable<tf.Rank.R1>,
    runningMean: v(`features.${layer.bn}.running_mean`) as tf.Variable<tf.Rank.R1>,
    runningVar: v(`features.${layer.bn}.running_var`) as tf.Variable<tf.Rank.R1>,
  });
}

console.log('per conv layer (fused conv+bias+ReLU; "gradient" = (forward + input gradient, dy = ones) − forward; CPU ms):');
let sumForward = 0;
let sumGradient = 0;
for (const [i, layer] of SCNN_FEATURE_LAYERS.entries()) {
  const input = acts[i]!;
  const [filter, bias] = tf.tidy(() => {
    const f = foldedOf(i);
    return [f.filter, f.bias] as const;
  });
  // As in the model: the same filter tensor every call, with prepared input-gradient kernels.
  const inputGradientKernels = Conv2dInputGradientKernels.prepare(filter, layer.stride, 1);
  const conv = (h: tf.Tensor4D) => conv2dFastGrad(h, filter, { stride: layer.stride, pad: 1, bias, activation: 'relu', inputGradientKernels });
  const forwardOnly = time(() => tf.tidy(() => void conv(input).dataSync()));
  const both = time(() => tf.tidy(() => void tf.grad((h: tf.Tensor) => tf.sum(conv(h as tf.Tensor4D)))(input).dataSync()));
  const [, h, w, cin] = input.shape;
  const outPixels = Math.ceil(h / layer.stride) * Math.ceil(w / layer.stride);
  const gflop = (2 * outPixels * 9 * cin * layer.outChannels) / 1e9;
  const gradientMs = both.cpuMs - forwardOnly.cpuMs;
  sumForward += forwardOnly.cpuMs;
  sumGradient += gradientMs;
  console.log(
    `  features.${layer.conv} ${h}×${w}×${cin} → ${layer.outChannels}, stride ${layer.stride} (${gflop.toFixed(2)} GFLOP): ` +
      `forward ${forwardOnly.cpuMs.toFixed(1)} ms (${(gflop / forwardOnly.cpuMs * 1000).toFixed(1)} GFLOP/s), ` +
      `gradient ${gradientMs.toFixed(1)} ms (${(gflop / gradientMs * 1000).toFixed(1)} GFLOP/s)`,
  );
  inputGradientKernels.dispose();
  tf.dispose([filter, bias]);
}
console.log(`  sum: forward ${sumForward.toFixed(0)} ms, input gradient ${sumGradient.toFixed(0)} ms`);
tf.dispose([...acts, x, target]);
model.dispose();
