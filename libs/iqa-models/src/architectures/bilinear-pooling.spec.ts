import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bilinearPooling } from './bilinear-pooling';
import { seededUniform } from './initial-weights';
import { useWasmBackend } from './testing/use-wasm-backend';

/** PyTorch bilinear interpolation with align_corners=True (src = dst·(in−1)/(out−1)), one HWC map, float64. */
function upsampleAlignCorners(x: Float64Array, h: number, w: number, c: number, oh: number, ow: number): Float64Array {
  const out = new Float64Array(oh * ow * c);
  const scaleY = oh > 1 ? (h - 1) / (oh - 1) : 0;
  const scaleX = ow > 1 ? (w - 1) / (ow - 1) : 0;
  for (let y = 0; y < oh; y++) {
    const sy = y * scaleY;
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, h - 1);
    const fy = sy - y0;
    for (let xx = 0; xx < ow; xx++) {
      const sx = xx * scaleX;
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, w - 1);
      const fx = sx - x0;
      for (let k = 0; k < c; k++) {
        const at = (r: number, q: number): number => x[(r * w + q) * c + k] as number;
        out[(y * ow + xx) * c + k] = (1 - fy) * ((1 - fx) * at(y0, x0) + fx * at(y0, x1)) + fy * ((1 - fx) * at(y1, x0) + fx * at(y1, x1));
      }
    }
  }
  return out;
}

/** DBCNN's head in float64, written from the PyTorch code: bmm(X1 [C1,HW], X2ᵀ [HW,C2]) / HW → view → sqrt → normalize. */
function referenceDescriptor(x1: Float64Array, x2: Float64Array, h: number, w: number, c1: number, c2: number): Float64Array {
  const out = new Float64Array(c1 * c2);
  for (let i = 0; i < c1; i++) {
    for (let j = 0; j < c2; j++) {
      let sum = 0;
      for (let p = 0; p < h * w; p++) sum += (x1[p * c1 + i] as number) * (x2[p * c2 + j] as number);
      out[i * c2 + j] = Math.sqrt(sum / (h * w) + 1e-8);
    }
  }
  const norm = Math.max(Math.sqrt(out.reduce((acc, v) => acc + v * v, 0)), 1e-12);
  return out.map((v) => v / norm);
}

function randomMap(length: number, seed: number): Float64Array {
  const random = seededUniform(seed);
  return Float64Array.from({ length }, () => random() * 2);
}

describe('bilinearPooling', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each([
    { what: 'same sizes', h: 3, w: 4, h2: 3, w2: 4 },
    { what: '4×4 → 3×3 (the 32 → 31 case in small)', h: 3, w: 3, h2: 4, w2: 4 },
    { what: '5×3 → 2×4', h: 2, w: 4, h2: 5, w2: 3 },
  ])('matches the PyTorch formula in float64 ($what)', ({ h, w, h2, w2 }) => {
    const [c1, c2] = [3, 2];
    const x1 = randomMap(h * w * c1, 1);
    const x2 = randomMap(h2 * w2 * c2, 2);
    const resized = h === h2 && w === w2 ? x2 : upsampleAlignCorners(x2, h2, w2, c2, h, w);
    const expected = referenceDescriptor(x1, resized, h, w, c1, c2);
    const actual = tf.tidy(() =>
      bilinearPooling(tf.tensor4d(Float32Array.from(x1), [1, h, w, c1]), tf.tensor4d(Float32Array.from(x2), [1, h2, w2, c2])).dataSync(),
    );
    expect(actual.length).toBe(c1 * c2);
    for (let i = 0; i < expected.length; i++) expect(Math.abs((actual[i] as number) - (expected[i] as number))).toBeLessThan(1e-6);
  });

  it('has a finite, non-zero gradient through the resize on wasm', async () => {
    await useWasmBackend();
    const x2 = tf.randomUniform([2, 4, 4, 2], 0, 1, 'float32', 1) as tf.Tensor4D;
    const x1 = tf.randomUniform([2, 3, 3, 3], 0, 1, 'float32', 2) as tf.Tensor4D;
    const weights = tf.randomNormal([6], 0, 1, 'float32', 3);
    const gradient = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(bilinearPooling(x1, x as tf.Tensor4D), weights)))(x2);
    const values = gradient.dataSync();
    tf.dispose([x1, x2, weights, gradient]);
    expect(values.every(Number.isFinite)).toBe(true);
    expect(values.some((v) => v !== 0)).toBe(true);
  });
});
