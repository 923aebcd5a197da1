import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { mulberry32 } from '@rankfall/metrics';
import { beforeAll, describe, expect, it } from 'vitest';
import { spatialActivityMask } from './spatial-activity-mask';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

/** Plain-loop transcription of Korhonen & You's MATLAB `makeSpatialActivityMap` (one HWC image). */
function referenceMask(rgb: ArrayLike<number>, h: number, w: number): number[] {
  const y = Array.from({ length: h * w }, (_, p) => 0.299 * rgb[3 * p]! + 0.587 * rgb[3 * p + 1]! + 0.114 * rgb[3 * p + 2]!);
  const at = (r: number, c: number) => (r < 0 || r >= h || c < 0 || c >= w ? 0 : y[r * w + c]!);
  const hk = [
    [-1, -2, -1],
    [0, 0, 0],
    [1, 2, 1],
  ].map((row) => row.map((v) => v / 8));
  const activity = new Array<number>(h * w).fill(0);
  for (let r = 1; r < h - 1; r++) {
    for (let c = 1; c < w - 1; c++) {
      let gy = 0;
      let gx = 0;
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) {
          gy += hk[i]![j]! * at(r + i - 1, c + j - 1);
          gx += hk[j]![i]! * at(r + i - 1, c + j - 1);
        }
      }
      activity[r * w + c] = gy * gy + gx * gx;
    }
  }
  const max = Math.max(...activity);
  const normalised = max === 0 ? activity.map(() => 1) : activity.map((a) => a / max);
  const kernel = [
    [0, 1, 1, 1, 0],
    [1, 1, 1, 1, 1],
    [1, 1, 1, 1, 1],
    [1, 1, 1, 1, 1],
    [0, 1, 1, 1, 0],
  ];
  const out: number[] = [];
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      let best = -Infinity;
      for (let i = 0; i < 5; i++) {
        for (let j = 0; j < 5; j++) {
          const rr = r + i - 2;
          const cc = c + j - 2;
          if (kernel[i]![j] && rr >= 0 && rr < h && cc >= 0 && cc < w) best = Math.max(best, normalised[rr * w + cc]!);
        }
      }
      out.push(best);
    }
  }
  return out;
}

function maskOf(pixels: Float32Array, n: number, h: number, w: number): Float32Array {
  return tf.tidy(() => spatialActivityMask(tf.tensor4d(pixels, [n, h, w, 3])).dataSync() as Float32Array);
}

describe('spatialActivityMask', () => {
  it('matches the MATLAB algorithm on random non-square images, per image', () => {
    const [n, h, w] = [2, 12, 9];
    const random = mulberry32(21);
    const pixels = new Float32Array(n * h * w * 3).map(() => random());
    const mask = maskOf(pixels, n, h, w);
    for (let i = 0; i < n; i++) {
      const expected = referenceMask(pixels.subarray(i * h * w * 3, (i + 1) * h * w * 3), h, w);
      expected.forEach((e, p) => expect(Math.abs(mask[i * h * w + p]! - e)).toBeLessThan(1e-5));
    }
  });

  it('is all ones on a constant image (max activity 0)', () => {
    expect(new Set(maskOf(new Float32Array(8 * 8 * 3).fill(0.3), 1, 8, 8))).toEqual(new Set([1]));
  });

  it('spreads one bright pixel over its Sobel ring dilated by the rounded 5×5 kernel', () => {
    const [h, w] = [11, 11];
    const pixels = new Float32Array(h * w * 3);
    pixels.fill(1, (5 * w + 5) * 3, (5 * w + 5) * 3 + 3);
    const mask = maskOf(pixels, 1, h, w);
    const expected = referenceMask(pixels, h, w);
    expected.forEach((e, p) => expect(Math.abs(mask[p]! - e)).toBeLessThan(1e-6));
    // Far corners see no activity; the pixel's neighbourhood is fully active.
    expect(mask[0]).toBe(0);
    expect(mask[5 * w + 5]).toBe(1);
  });
});
