import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { IqaModelFacts } from '../iqa-model';
import { IMAGENET_NORMALIZATION } from '../ops/normalize-input';
import type { WeightMap } from '../weights/weight-map';
import { compactCnnArchitecture, COMPACT_CNN_CONVS } from './compact-cnn';
import { useWasmBackend } from './testing/use-wasm-backend';

const facts: IqaModelFacts = {
  id: 'compact-test',
  lowerBetter: false,
  scoreRange: [0, 100],
  input: { kind: 'any', minSize: 32 },
  normalization: IMAGENET_NORMALIZATION,
};

/** Naive float64 forward of the same network from PyTorch-layout weights (NCHW thinking, pad 1). */
function referenceScore(weights: WeightMap, image: Float32Array, height: number, width: number): number {
  const get = (name: string): Float32Array => (weights.get(name) as { data: Float32Array }).data;
  // CHW, ImageNet-normalised
  let channels = 3;
  let h = height;
  let w = width;
  let x = new Float64Array(3 * h * w);
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < h * w; i++) x[c * h * w + i] = ((image[i * 3 + c] as number) - (IMAGENET_NORMALIZATION.mean[c] as number)) / (IMAGENET_NORMALIZATION.std[c] as number);
  }
  for (const { name, outChannels, stride } of COMPACT_CNN_CONVS) {
    const kernel = get(`${name}.weight`);
    const bias = get(`${name}.bias`);
    const oh = Math.floor((h + 2 - 3) / stride) + 1;
    const ow = Math.floor((w + 2 - 3) / stride) + 1;
    const y = new Float64Array(outChannels * oh * ow);
    for (let o = 0; o < outChannels; o++) {
      for (let r = 0; r < oh; r++) {
        for (let q = 0; q < ow; q++) {
          let sum = bias[o] as number;
          for (let c = 0; c < channels; c++) {
            for (let i = 0; i < 3; i++) {
              for (let j = 0; j < 3; j++) {
                const sr = r * stride + i - 1;
                const sq = q * stride + j - 1;
                if (sr < 0 || sq < 0 || sr >= h || sq >= w) continue;
                sum += (kernel[((o * channels + c) * 3 + i) * 3 + j] as number) * (x[(c * h + sr) * w + sq] as number);
              }
            }
          }
          y[(o * oh + r) * ow + q] = Math.max(sum, 0);
        }
      }
    }
    [x, channels, h, w] = [y, outChannels, oh, ow];
  }
  const pooled = Array.from({ length: channels }, (_, c) => x.slice(c * h * w, (c + 1) * h * w).reduce((a, b) => a + b, 0) / (h * w));
  const dense = (input: number[], name: string, out: number, relu: boolean): number[] =>
    Array.from({ length: out }, (_, o) => {
      const sum = input.reduce((acc, v, i) => acc + v * (get(`${name}.weight`)[o * input.length + i] as number), get(`${name}.bias`)[o] as number);
      return relu ? Math.max(sum, 0) : sum;
    });
  const z = dense(dense(pooled, 'fc1', 32, true), 'fc2', 1, false)[0] as number;
  return 100 / (1 + Math.exp(-z));
}

describe('compact CNN', () => {
  it('has 50,593 parameters (48,992 conv + 1,601 dense)', () => {
    const weights = compactCnnArchitecture.initialWeights(1);
    expect([...weights.values()].reduce((sum, t) => sum + t.data.length, 0)).toBe(50_593);
  });

  it('matches a naive float64 forward with PyTorch padding (odd and even sizes, cpu backend)', async () => {
    await tf.setBackend('cpu');
    const weights = compactCnnArchitecture.initialWeights(5);
    // Non-zero biases so the bias paths are exercised too.
    for (const [name, tensor] of weights) if (name.endsWith('.bias')) tensor.data.forEach((_, i) => (tensor.data[i] = 0.05 * Math.sin(i + name.length)));
    const model = compactCnnArchitecture.build(weights, facts);
    for (const [height, width] of [
      [33, 35],
      [40, 48],
    ] as const) {
      const images = tf.randomUniform([1, height, width, 3], 0, 1, 'float32', height) as tf.Tensor4D;
      const expected = referenceScore(weights, images.dataSync() as Float32Array, height, width);
      const actual = model.score(images).dataSync()[0] as number;
      images.dispose();
      expect(Math.abs(actual - expected)).toBeLessThan(1e-4);
    }
    model.dispose();
  });

  it('on wasm: scores in (0, 100), finite non-zero input gradient, weight gradients, no leaks', async () => {
    await useWasmBackend();
    const start = tf.memory().numTensors;
    const model = compactCnnArchitecture.build(compactCnnArchitecture.initialWeights(2), facts);
    const images = tf.randomUniform([2, 64, 80, 3], 0, 1, 'float32', 9) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const scores = model.score(images);
    expect(scores.shape).toEqual([2]);
    const values = scores.dataSync();
    scores.dispose();
    expect(values.every((v) => v > 0 && v < 100)).toBe(true);
    const gradient = tf.grad((x: tf.Tensor) => tf.sum(model.score(x as tf.Tensor4D)))(images);
    const g = gradient.dataSync();
    gradient.dispose();
    expect(g.every(Number.isFinite)).toBe(true);
    expect(g.some((v) => v !== 0)).toBe(true);
    const { value, grads } = tf.variableGrads(() => tf.sum(model.score(images)) as tf.Scalar, [...model.trainableVariables]);
    expect(Object.keys(grads)).toHaveLength(14);
    expect(Object.values(grads).every((t) => t.dataSync().every(Number.isFinite))).toBe(true);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    images.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('on wasm: a few Adam steps lower an MSE loss on a fixed batch', async () => {
    await useWasmBackend();
    const model = compactCnnArchitecture.build(compactCnnArchitecture.initialWeights(3), facts);
    const images = tf.randomUniform([4, 32, 32, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
    const targets = tf.tensor1d([0.1, 0.9, 0.3, 0.7]);
    const optimizer = tf.train.adam(0.003);
    const loss = (): tf.Scalar => tf.losses.meanSquaredError(targets, tf.div(model.score(images), 100)) as tf.Scalar;
    const first = tf.tidy(() => loss().dataSync()[0] as number);
    for (let step = 0; step < 25; step++) tf.tidy(() => {
        optimizer.minimize(loss, false, [...model.trainableVariables]);
      });
    const last = tf.tidy(() => loss().dataSync()[0] as number);
    expect(last).toBeLessThan(first * 0.8);
    optimizer.dispose();
    tf.dispose([images, targets]);
    model.dispose();
  });

  it('exports its weights in PyTorch layout (rebuilding gives the same scores)', async () => {
    await tf.setBackend('cpu');
    const model = compactCnnArchitecture.build(compactCnnArchitecture.initialWeights(8), facts);
    const exported = model.exportWeights();
    expect([...exported.keys()]).toEqual(compactCnnArchitecture.tensorSpecs.map((spec) => spec.name));
    expect(exported.get('conv2.weight')?.shape).toEqual([32, 16, 3, 3]);
    const copy = compactCnnArchitecture.build(exported, facts);
    const images = tf.randomUniform([1, 36, 36, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    expect(Array.from(copy.score(images).dataSync())).toEqual(Array.from(model.score(images).dataSync()));
    tf.dispose(images);
    model.dispose();
    copy.dispose();
  });
});
