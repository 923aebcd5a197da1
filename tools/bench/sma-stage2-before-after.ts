/**
 * Before/after of the SMA stage-2 speed-ups in libs/iqa-models (one forward + input gradient of the stage-2
 * loss (f(x) − t)² on S-CNN at 500×500, wasm, one thread), on the same weights and input, interleaved so load
 * changes hit all three:
 *  - before:   the trunk on `conv2d-fast-grad.ts` as of commit afba97e (read with `git show`, its kernel
 *              renamed so both can be registered), BN folded on every pass;
 *  - taps:     today's `conv2dFastGrad` (flip/phase kernels from whole tap blocks), BN folded on every pass;
 *  - model:    today's `ScnnModel.score` (BN fold cached, input-gradient kernels prepared once).
 * Checks that the three input gradients are bit-identical, then prints median CPU and wall ms per step.
 *
 *   npx tsx tools/bench/sma-stage2-before-after.ts [--size 500] [--repeats 7]
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fixturePath } from '../../libs/testing/src/index';
import { createIqaModel } from '../../libs/iqa-models/src/create-iqa-model';
import type { ScnnModel } from '../../libs/iqa-models/src/architectures/scnn';
import { SCNN_FEATURE_LAYERS } from '../../libs/iqa-models/src/architectures/scnn-features';
import { foldConvBn, type ConvBnParameters } from '../../libs/iqa-models/src/architectures/scnn-parameters';
import { conv2dFastGrad } from '../../libs/iqa-models/src/ops/conv2d-fast-grad';
import { IMAGENET_NORMALIZATION, normalizeInput } from '../../libs/iqa-models/src/ops/normalize-input';
import { scnnPattern } from './sma-stage2-pattern';

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}
const size = argument('size', 500);
const repeats = argument('repeats', 7);
const baseline = 'afba97e';
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// The baseline op, from git, importing the same @tensorflow/tfjs module instance as this script.
const repository = join(import.meta.dirname, '../..');
const show = (path: string) => execFileSync('git', ['show', `${baseline}:${path}`], { cwd: repository, encoding: 'utf8' });
const work = mkdtempSync(join(tmpdir(), 'sma-stage2-before-'));
const tfjsUrl = pathToFileURL(createRequire(import.meta.url).resolve('@tensorflow/tfjs')).href;
writeFileSync(join(work, 'ops-error.ts'), show('libs/iqa-models/src/ops/ops-error.ts'));
writeFileSync(
  join(work, 'conv2d-fast-grad.ts'),
  show('libs/iqa-models/src/ops/conv2d-fast-grad.ts')
    .replace("from '@tensorflow/tfjs'", `from ${JSON.stringify(tfjsUrl)}`)
    .replace("'RankfallConv2DFastGrad'", "'RankfallConv2DFastGradBefore'"),
);
const before = (await import(pathToFileURL(join(work, 'conv2d-fast-grad.ts')).href)) as { conv2dFastGrad: typeof conv2dFastGrad };
rmSync(work, { recursive: true, force: true });

await tf.setBackend('wasm');
const model = (await createIqaModel('scnn-distortion-proxy', { weights: fixturePath('scnn.safetensors') })) as ScnnModel;
const v = <R extends tf.Rank>(name: string) => model.variables.get(name)! as tf.Variable<R>;
const convBn = (conv: string, bn: string): ConvBnParameters<tf.Rank> => ({
  weight: v(`${conv}.weight`),
  bias: v(`${conv}.bias`),
  gamma: v(`${bn}.weight`),
  beta: v(`${bn}.bias`),
  runningMean: v(`${bn}.running_mean`),
  runningVar: v(`${bn}.running_var`),
});

/** ScnnModel.forward's score with the trunk's convs on `conv`, BN folded on every pass. */
function foldingScore(conv: typeof conv2dFastGrad, images: tf.Tensor4D): tf.Tensor1D {
  let x = normalizeInput(images, IMAGENET_NORMALIZATION);
  for (const layer of SCNN_FEATURE_LAYERS) {
    const { filter, bias } = foldConvBn(convBn(`features.${layer.conv}`, `features.${layer.bn}`) as ConvBnParameters<tf.Rank.R4>);
    x = conv(x, filter, { stride: layer.stride, pad: 1, bias, activation: 'relu' });
  }
  let h = tf.mean(x, [1, 2]) as tf.Tensor2D;
  for (const [c, b] of [['projection.0', 'projection.1'], ['projection.3', 'projection.4']] as const) {
    const folded = foldConvBn(convBn(c, b) as ConvBnParameters<tf.Rank.R2>);
    h = tf.relu(tf.add(tf.matMul(h, folded.filter as tf.Tensor2D), folded.bias)) as tf.Tensor2D;
  }
  const logits = tf.add(tf.matMul(h, v<tf.Rank.R2>('classifier.weight')), v<tf.Rank.R1>('classifier.bias'));
  return tf.mean(logits, 1) as tf.Tensor1D;
}

const x = tf.tensor4d(scnnPattern(0, size), [1, size, size, 3]);
const target = tf.tidy(() => model.score(x).dataSync()[0]! - 1);
const variants: [string, (images: tf.Tensor4D) => tf.Tensor1D][] = [
  [`before (${baseline})`, (images) => foldingScore(before.conv2dFastGrad, images)],
  ['taps (fold per pass)', (images) => foldingScore(conv2dFastGrad, images)],
  ['model (cached fold + prepared kernels)', (images) => model.score(images)],
];
function step(score: (images: tf.Tensor4D) => tf.Tensor1D): Float32Array<ArrayBufferLike> {
  let gradient: Float32Array<ArrayBufferLike> = new Float32Array(0);
  // The array is read inside the tidy and not returned from it (tidy would walk it element by element).
  tf.tidy(() => {
    const { value, grad } = tf.valueAndGrad((input: tf.Tensor4D) => tf.sum(tf.square(tf.sub(score(input), target))) as tf.Scalar)(x);
    value.dataSync();
    gradient = grad.dataSync() as Float32Array<ArrayBufferLike>;
  });
  return gradient;
}

const gradients = variants.map(([, score]) => step(score));
const identical = gradients.every((g) => g.every((value, i) => value === gradients[0]![i]));
console.log(`S-CNN 1×${size}×${size}×3, wasm, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}; input gradients bit-identical across the three: ${identical}`);

const cpu: number[][] = variants.map(() => []);
const wall: number[][] = variants.map(() => []);
for (let r = 0; r < repeats; r++) {
  variants.forEach(([, score], i) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    step(score);
    wall[i]!.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu[i]!.push((c.user + c.system) / 1000);
  });
}
variants.forEach(([name], i) =>
  console.log(`${name.padEnd(40)} CPU ${median(cpu[i]!).toFixed(0)} ms, wall ${median(wall[i]!).toFixed(0)} ms per step (median of ${repeats})`),
);
console.log(`load after ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
tf.dispose(x);
model.dispose();
