import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { tileToSize } from './tile-to-size';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('tileToSize', () => {
  it.each([
    [5, 4],
    [2, 3],
    [1, 2],
    [7, 7],
  ])('repeats a 2×3 perturbation over %i×%i from the top-left corner', (h, w) => {
    const delta = tf.tensor4d([0, 1, 2, 3, 4, 5], [1, 2, 3, 1]);
    const out = tileToSize(delta, h, w);
    expect(out.shape).toEqual([1, h, w, 1]);
    const values = out.dataSync();
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) expect(values[y * w + x]).toBe((y % 2) * 3 + (x % 3));
    tf.dispose([delta, out]);
  });

  it('passes a perturbation of the right size through', () => {
    const delta = tf.zeros([1, 4, 4, 3]) as tf.Tensor4D;
    expect(tileToSize(delta, 4, 4)).toBe(delta);
    delta.dispose();
  });
});
