import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '@rankfall/metrics';
import { describe, expect, it } from 'vitest';
import { blurTaps, gaussianBlur } from './gaussian-blur';
import { medianFilter, medianNetwork } from './median-filter';
import { resizeRoundTrip, shrunkSize } from './resize-round-trip';

/** Seeded NHWC values in [0, 1]. */
function seededImage(n: number, h: number, w: number, c: number, seed: number): Float32Array {
  const random = mulberry32(seed);
  return Float32Array.from({ length: n * h * w * c }, () => random());
}

const at = (data: Float32Array, h: number, w: number, c: number) => (b: number, y: number, x: number, ch: number) =>
  data[((b * h + Math.min(h - 1, Math.max(0, y))) * w + Math.min(w - 1, Math.max(0, x))) * c + ch] as number;

function run(fn: (x: tf.Tensor4D) => tf.Tensor4D, data: Float32Array, shape: [number, number, number, number]): Float32Array {
  const out = tf.tidy(() => fn(tf.tensor4d(data, shape)));
  const values = out.dataSync() as Float32Array;
  out.dispose();
  return values;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i += 1) worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)));
  return worst;
}

describe('gaussianBlur equals a direct 2-D convolution with replicated edges', () => {
  it.each([0.5, 1, 2])('σ = %f', (sigma) => {
    const [n, h, w, c] = [2, 13, 17, 3];
    const data = seededImage(n, h, w, c, 7);
    const taps = blurTaps(sigma);
    const r = (taps.length - 1) / 2;
    const get = at(data, h, w, c);
    const expected = new Float32Array(data.length);
    for (let b = 0; b < n; b += 1)
      for (let y = 0; y < h; y += 1)
        for (let x = 0; x < w; x += 1)
          for (let ch = 0; ch < c; ch += 1) {
            let sum = 0;
            for (let dy = -r; dy <= r; dy += 1) for (let dx = -r; dx <= r; dx += 1) sum += (taps[dy + r] as number) * (taps[dx + r] as number) * get(b, y + dy, x + dx, ch);
            expected[((b * h + y) * w + x) * c + ch] = sum;
          }
    expect(maxAbsDiff(run((x) => gaussianBlur(x, sigma), data, [n, h, w, c]), expected)).toBeLessThan(1e-5);
  });
});

describe('medianFilter equals a sort-based median with replicated edges', () => {
  it.each([3, 5, 7])('k = %i', (k) => {
    const [n, h, w, c] = [1, 11, 9, 3];
    const data = seededImage(n, h, w, c, k);
    const r = (k - 1) / 2;
    const get = at(data, h, w, c);
    const expected = new Float32Array(data.length);
    for (let y = 0; y < h; y += 1)
      for (let x = 0; x < w; x += 1)
        for (let ch = 0; ch < c; ch += 1) {
          const window: number[] = [];
          for (let dy = -r; dy <= r; dy += 1) for (let dx = -r; dx <= r; dx += 1) window.push(get(0, y + dy, x + dx, ch));
          window.sort((a, b) => a - b);
          expected[(y * w + x) * c + ch] = window[(k * k - 1) / 2] as number;
        }
    expect(maxAbsDiff(run((x) => medianFilter(x, k), data, [n, h, w, c]), expected)).toBe(0);
  });

  it('its pruned network picks the median of every permutation-like input (0/1 principle on 9 wires)', () => {
    const pairs = medianNetwork(9);
    for (let mask = 0; mask < 1 << 9; mask += 1) {
      const wires = Array.from({ length: 9 }, (_, i) => (mask >> i) & 1);
      for (const [i, j] of pairs) {
        const [a, b] = [wires[i] as number, wires[j] as number];
        wires[i] = Math.min(a, b);
        wires[j] = Math.max(a, b);
      }
      const ones = wires.filter((v) => v === 1).length;
      expect(wires[4]).toBe(ones >= 5 ? 1 : 0);
    }
  });
});

/** TF's resize with half-pixel centres, written out (bilinear: lerp of the clamped neighbours; nearest: floor of the centre). */
function directResize(data: Float32Array, h: number, w: number, c: number, oh: number, ow: number, method: 'bilinear' | 'nearest'): Float32Array {
  const out = new Float32Array(oh * ow * c);
  const get = at(data, h, w, c);
  const sy = h / oh;
  const sx = w / ow;
  for (let y = 0; y < oh; y += 1)
    for (let x = 0; x < ow; x += 1)
      for (let ch = 0; ch < c; ch += 1) {
        let value: number;
        if (method === 'nearest') {
          value = get(0, Math.min(h - 1, Math.floor((y + 0.5) * sy)), Math.min(w - 1, Math.floor((x + 0.5) * sx)), ch);
        } else {
          const fy = Math.max(0, (y + 0.5) * sy - 0.5);
          const fx = Math.max(0, (x + 0.5) * sx - 0.5);
          const [y0, x0] = [Math.floor(fy), Math.floor(fx)];
          const [ly, lx] = [fy - y0, fx - x0];
          const top = get(0, y0, x0, ch) + (get(0, y0, x0 + 1, ch) - get(0, y0, x0, ch)) * lx;
          const bottom = get(0, y0 + 1, x0, ch) + (get(0, y0 + 1, x0 + 1, ch) - get(0, y0 + 1, x0, ch)) * lx;
          value = top + (bottom - top) * ly;
        }
        out[(y * ow + x) * c + ch] = value;
      }
  return out;
}

describe('resizeRoundTrip equals resizing down and up written out', () => {
  it.each([
    [0.5, 'bilinear'],
    [0.37, 'bilinear'],
    [0.5, 'nearest'],
    [0.6, 'nearest'],
  ] as const)('factor %f, %s', (factor, method) => {
    const [h, w, c] = [20, 15, 3];
    const data = seededImage(1, h, w, c, 3);
    const [sh, sw] = [shrunkSize(h, factor), shrunkSize(w, factor)];
    const expected = directResize(directResize(data, h, w, c, sh, sw, method), sh, sw, c, h, w, method);
    expect(maxAbsDiff(run((x) => resizeRoundTrip(x, factor, method), data, [1, h, w, c]), expected)).toBeLessThan(1e-5);
  });
});
