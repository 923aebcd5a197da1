import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { mulberry32, ssim } from '@rankfall/metrics';
import { beforeAll, describe, expect, it } from 'vitest';
import { differentiableSsim } from './differentiable-ssim';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

function randomPair(h: number, w: number, c: number, seed: number): [Float32Array, Float32Array] {
  const random = mulberry32(seed);
  const a = new Float32Array(h * w * c).map(() => random());
  const b = a.map((v) => Math.min(1, Math.max(0, v + (random() - 0.5) * 0.2)));
  return [a, b];
}

/** One channel of an HWC image as a 1-channel image (metrics' ssim uses 1-channel data as is). */
function plane(data: Float32Array, h: number, w: number, c: number, k: number) {
  return { data: Float32Array.from({ length: h * w }, (_, p) => data[p * c + k]!), height: h, width: w, channels: 1 };
}

const tfSsim = (a: Float32Array, b: Float32Array, shape: [number, number, number, number], downsample = false) =>
  tf.tidy(() => Array.from(differentiableSsim(tf.tensor4d(a, shape), tf.tensor4d(b, shape), { downsample }).dataSync()));

describe('differentiableSsim (piq.ssim conventions), against the float64 SSIM of @rankfall/metrics', () => {
  it('equals the reference on single-channel images', () => {
    const [a, b] = randomPair(24, 20, 1, 1);
    const expected = ssim({ data: a, height: 24, width: 20, channels: 1 }, { data: b, height: 24, width: 20, channels: 1 });
    expect(tfSsim(a, b, [1, 24, 20, 1])[0]).toBeCloseTo(expected, 5);
  });

  it('averages the per-channel SSIM of RGB images, one value per image', () => {
    const [h, w] = [18, 22];
    const pairs = [randomPair(h, w, 3, 2), randomPair(h, w, 3, 3)];
    const a = new Float32Array([...pairs[0]![0], ...pairs[1]![0]]);
    const b = new Float32Array([...pairs[0]![1], ...pairs[1]![1]]);
    const values = tfSsim(a, b, [2, h, w, 3]);
    pairs.forEach(([pa, pb], i) => {
      const expected = [0, 1, 2].map((k) => ssim(plane(pa, h, w, 3, k), plane(pb, h, w, 3, k))).reduce((s, v) => s + v, 0) / 3;
      expect(values[i]).toBeCloseTo(expected, 5);
    });
  });

  it('is 1 for identical images', () => {
    const [a] = randomPair(16, 16, 3, 4);
    expect(tfSsim(a, a, [1, 16, 16, 3])[0]).toBeCloseTo(1, 6);
  });

  it('downsamples by round(min(H,W)/256) with an average pool first, as piq', () => {
    const [h, w] = [520, 530]; // factor 2
    // b = a + a ±0.1 checkerboard: invisible after 2×2 average pooling, very visible without it.
    const random = mulberry32(5);
    const a = new Float32Array(h * w).map(() => 0.2 + 0.6 * random());
    const b = a.map((v, i) => v + ((Math.floor(i / w) + (i % w)) % 2 === 0 ? 0.1 : -0.1));
    const pool = (x: Float32Array) => {
      const [ph, pw] = [Math.floor(h / 2), Math.floor(w / 2)];
      const out = new Float32Array(ph * pw);
      for (let y = 0; y < ph; y++) {
        for (let x = 0; x < pw; x++) {
          out[y * pw + x] = (x0(2 * y, 2 * x) + x0(2 * y + 1, 2 * x) + x0(2 * y, 2 * x + 1) + x0(2 * y + 1, 2 * x + 1)) / 4;
        }
      }
      function x0(yy: number, xx: number) {
        return x[yy * w + xx]!;
      }
      return { data: out, height: ph, width: pw, channels: 1 };
    };
    const expected = ssim(pool(a), pool(b));
    expect(tfSsim(a, b, [1, h, w, 1], true)[0]).toBeCloseTo(expected, 5);
    expect(expected).toBeGreaterThan(0.999);
    expect(tfSsim(a, b, [1, h, w, 1], false)[0]).toBeLessThan(0.9);
  });

  it('has an input gradient on wasm that matches central differences of the float64 reference', () => {
    const [h, w] = [14, 15];
    const [a, b] = randomPair(h, w, 1, 6);
    const grad = tf.tidy(() => {
      const ta = tf.tensor4d(a, [1, h, w, 1]);
      return tf.grad((x: tf.Tensor) => tf.sum(differentiableSsim(ta, x as tf.Tensor4D)))(tf.tensor4d(b, [1, h, w, 1])).dataSync();
    });
    const reference = (data: Float64Array) => ssim({ data: a, height: h, width: w, channels: 1 }, { data, height: h, width: w, channels: 1 });
    for (const p of [0, 37, 7 * w + 7, h * w - 1]) {
      const step = 1e-5;
      const plus = Float64Array.from(b);
      const minus = Float64Array.from(b);
      plus[p]! += step;
      minus[p]! -= step;
      const fd = (reference(plus) - reference(minus)) / (2 * step);
      expect(Math.abs(grad[p]! - fd)).toBeLessThanOrEqual(1e-3 * Math.abs(fd) + 1e-5);
    }
  });
});
