import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { exactSign } from './exact-sign';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('exactSign', () => {
  it.each([
    [1e-20, 1],
    [1e-8, 1],
    [1.1e-7, 1],
    [0.5, 1],
    [0, 0],
    [-0, 0],
    [-1e-8, -1],
    [-3, -1],
  ])('sign(%d) = %d', (x, expected) => {
    expect(exactSign(tf.scalar(x)).dataSync()[0]).toBe(expected);
  });

  it('differs from tf.sign on wasm below FLT_EPSILON (the reason it exists)', () => {
    expect(tf.getBackend()).toBe('wasm');
    const tiny = tf.tensor1d([1e-8, -1e-8]);
    expect(Array.from(tf.sign(tiny).dataSync())).toEqual([0, 0]);
    expect(Array.from(exactSign(tiny).dataSync())).toEqual([1, -1]);
    tiny.dispose();
  });
});
