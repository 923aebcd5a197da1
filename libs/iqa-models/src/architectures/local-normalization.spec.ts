import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededUniform } from './initial-weights';
import { localNormalization } from './local-normalization';

/** scipy.signal.convolve2d(x, ones(3,3)/9, boundary='symm', mode='same') in float64, written out. */
function boxSymm(x: Float64Array, h: number, w: number): Float64Array {
  const mirror = (i: number, n: number): number => (i < 0 ? -i - 1 : i >= n ? 2 * n - i - 1 : i);
  const out = new Float64Array(h * w);
  for (let y = 0; y < h; y++) {
    for (let c = 0; c < w; c++) {
      let sum = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) sum += x[mirror(y + dy, h) * w + mirror(c + dx, w)] as number;
      out[y * w + c] = sum / 9;
    }
  }
  return out;
}

function referenceLocalNormalization(x: Float64Array, h: number, w: number): Float64Array {
  const mean = boxSymm(x, h, w);
  const meanSq = boxSymm(x.map((v) => v * v), h, w);
  return x.map((v, i) => (v - (mean[i] as number)) / (Math.sqrt(Math.max((meanSq[i] as number) - (mean[i] as number) ** 2, 0)) + 1));
}

describe('localNormalization (cpu backend)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('matches a float64 convolve2d(boundary="symm") reference on a random 32×32 patch', () => {
    const random = seededUniform(11);
    const values = Float64Array.from({ length: 32 * 32 }, () => Math.round(random() * 255) / 255);
    const expected = referenceLocalNormalization(values, 32, 32);
    const actual = tf.tidy(() => localNormalization(tf.tensor4d(Float32Array.from(values), [1, 32, 32, 1])).dataSync());
    const maxError = expected.reduce((worst, v, i) => Math.max(worst, Math.abs(v - (actual[i] as number))), 0);
    expect(maxError).toBeLessThan(1e-5);
  });

  it('normalises each image of a batch on its own', () => {
    const [a, b, both] = tf.tidy(() => {
      const x = tf.randomUniform([2, 8, 8, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
      return [
        localNormalization(tf.slice(x, [0, 0, 0, 0], [1, 8, 8, 1]) as tf.Tensor4D).dataSync(),
        localNormalization(tf.slice(x, [1, 0, 0, 0], [1, 8, 8, 1]) as tf.Tensor4D).dataSync(),
        localNormalization(x).dataSync(),
      ];
    });
    expect(Array.from(both)).toEqual([...Array.from(a as Float32Array), ...Array.from(b as Float32Array)]);
  });

  it('has a finite gradient on a flat patch (variance 0)', () => {
    const gradient = tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(localNormalization(x as tf.Tensor4D), tf.range(0, 64).reshape([1, 8, 8, 1]))))(tf.fill([1, 8, 8, 1], 0.5) as tf.Tensor4D).dataSync());
    expect(gradient.every(Number.isFinite)).toBe(true);
  });
});

describe('localNormalization gradient (cpu backend)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('matches central finite differences of the float64 reference, border pixels included', () => {
    const [h, w] = [6, 7];
    const random = seededUniform(21);
    const x = Float64Array.from({ length: h * w }, () => random());
    const c = Float64Array.from({ length: h * w }, () => random() - 0.5);
    const objective = (v: Float64Array): number => referenceLocalNormalization(v, h, w).reduce((sum, y, i) => sum + y * (c[i] as number), 0);
    const step = 1e-5;
    const numeric = Array.from(x, (_, i) => {
      const plus = x.slice();
      const minus = x.slice();
      plus[i] = (plus[i] as number) + step;
      minus[i] = (minus[i] as number) - step;
      return (objective(plus) - objective(minus)) / (2 * step);
    });
    const analytic = tf.tidy(() =>
      tf.grad((t: tf.Tensor) => tf.sum(tf.mul(localNormalization(t as tf.Tensor4D), tf.tensor4d(Float32Array.from(c), [1, h, w, 1]))))(
        tf.tensor4d(Float32Array.from(x), [1, h, w, 1]),
      ).dataSync(),
    );
    const scale = Math.max(...numeric.map(Math.abs));
    const worst = numeric.reduce((max, g, i) => Math.max(max, Math.abs(g - (analytic[i] as number))), 0);
    expect(worst / scale).toBeLessThan(1e-3);
  });
});
