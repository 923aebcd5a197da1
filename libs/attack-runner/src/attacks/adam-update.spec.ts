import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { adamUpdate } from './adam-update';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('adamUpdate', () => {
  it('follows the bias-corrected Adam recursion over three steps', () => {
    const hp = { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
    const grads = [0.5, -1, 0.25];
    // Closed form, float64.
    let [p, m, v] = [1, 0, 0];
    const expected = grads.map((g, i) => {
      const t = i + 1;
      m = 0.9 * m + 0.1 * g;
      v = 0.999 * v + 0.001 * g * g;
      p -= (0.1 * (m / (1 - 0.9 ** t))) / (Math.sqrt(v / (1 - 0.999 ** t)) + 1e-8);
      return p;
    });
    let state = { param: tf.scalar(1), m: tf.scalar(0), v: tf.scalar(0) };
    grads.forEach((g, i) => {
      const next = tf.tidy(() => adamUpdate(state.param, tf.scalar(g), { m: state.m, v: state.v }, i + 1, hp));
      tf.dispose([state.param, state.m, state.v]);
      state = next;
      expect(state.param.dataSync()[0]).toBeCloseTo(expected[i]!, 6);
    });
    tf.dispose([state.param, state.m, state.v]);
  });

  it('moves by exactly lr·sign(g) on its first step (any non-negligible g)', () => {
    const out = tf.tidy(() => {
      const g = tf.tensor1d([3, -0.002, 1e-3]);
      return adamUpdate(tf.zeros([3]), g, { m: tf.zeros([3]), v: tf.zeros([3]) }, 1, { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }).param.dataSync();
    });
    expect(Array.from(out).map((x) => Number(x.toFixed(6)))).toEqual([-0.01, 0.01, -0.01]);
  });
});
