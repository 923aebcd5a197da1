import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { conv2dFastGrad } from '../ops/conv2d-fast-grad';
import { ScnnFoldedConvBn } from './scnn-folded-conv-bn';
import { foldConvBn, type ConvBnParameters } from './scnn-parameters';

/** Deterministic values in [lo, hi) (mulberry32), independent of any backend. */
function randomArray(length: number, seed: number, lo = -1, hi = 1): Float32Array {
  let state = seed >>> 0;
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = lo + (((t ^ (t >>> 14)) >>> 0) / 4294967296) * (hi - lo);
  }
  return out;
}

const [cin, cout, size] = [4, 6, 9];
const names = ['weight', 'bias', 'gamma', 'beta', 'runningMean', 'runningVar'] as const;

function layerParameters(seed: number): ConvBnParameters<tf.Rank.R4> {
  return {
    weight: tf.variable(tf.tensor4d(randomArray(9 * cin * cout, seed), [3, 3, cin, cout])),
    bias: tf.variable(tf.tensor1d(randomArray(cout, seed + 1))),
    gamma: tf.variable(tf.tensor1d(randomArray(cout, seed + 2, 0.5, 2))),
    beta: tf.variable(tf.tensor1d(randomArray(cout, seed + 3))),
    runningMean: tf.variable(tf.tensor1d(randomArray(cout, seed + 4)), false),
    runningVar: tf.variable(tf.tensor1d(randomArray(cout, seed + 5, 0.1, 3)), false),
  };
}

type Conv = (x: tf.Tensor4D) => tf.Tensor4D;
const cached = (layer: ScnnFoldedConvBn): Conv => (x) => {
  const { filter, bias, inputGradientKernels } = layer.weights();
  return conv2dFastGrad(x, filter, { stride: 2, pad: 1, bias, activation: 'relu', inputGradientKernels });
};
const perPass = (p: ConvBnParameters<tf.Rank.R4>): Conv => (x) => {
  const { filter, bias } = foldConvBn(p);
  return conv2dFastGrad(x, filter, { stride: 2, pad: 1, bias, activation: 'relu' });
};

/** Gradients of Σ conv(x)·r with respect to x and the six variables. */
function gradients(conv: Conv, x: tf.Tensor4D, p: ConvBnParameters<tf.Rank.R4>): Float32Array[] {
  return tf.tidy(() => {
    const y = conv(x);
    const r = tf.tensor4d(randomArray(y.size, 99), y.shape);
    // The variables are used by `conv` itself; listing them after x asks for their gradients too.
    const grads = tf.grads((input: tf.Tensor) => tf.sum(tf.mul(conv(input as tf.Tensor4D), r)))([x, ...names.map((n) => p[n])]);
    return grads.map((g) => g.dataSync() as Float32Array);
  });
}

/** max |a − b| / max |b|. */
function relativeError(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 0;
  b.forEach((v, i) => {
    diff = Math.max(diff, Math.abs(a[i]! - v));
    scale = Math.max(scale, Math.abs(v));
  });
  return diff / scale;
}

describe.each(['cpu', 'wasm'])('ScnnFoldedConvBn on %s', (backend) => {
  let p: ConvBnParameters<tf.Rank.R4>;
  let layer: ScnnFoldedConvBn;
  let x: tf.Tensor4D;

  beforeAll(async () => {
    await tf.setBackend(backend);
  });

  beforeEach(() => {
    p = layerParameters(10);
    layer = new ScnnFoldedConvBn(p, 2, 1);
    x = tf.tensor4d(randomArray(2 * size * size * cin, 20, 0, 1), [2, size, size, cin]);
  });

  afterEach(() => {
    layer.dispose();
    tf.dispose([x, ...names.map((n) => p[n])]);
  });

  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('folds exactly like foldConvBn and hands the backend the same data on every pass', () => {
    type Read = { dataId: object; filter: number[]; bias: number[] };
    const read = (weights: () => { filter: tf.Tensor; bias: tf.Tensor }): Read => {
      let out: Read | null = null;
      tf.tidy(() => {
        const { filter, bias } = weights();
        out = { dataId: filter.dataId, filter: Array.from(filter.dataSync()), bias: Array.from(bias.dataSync()) };
      });
      return out!;
    };
    const [first, second] = [read(() => layer.weights()), read(() => layer.weights())];
    const reference = read(() => foldConvBn(p));
    expect(first.filter).toEqual(reference.filter);
    expect(first.bias).toEqual(reference.bias);
    expect(second.dataId).toBe(first.dataId);
  });

  it('gives the same input gradient as folding per pass, bit for bit, and the fold’s gradients to all six variables', () => {
    const [dxCached, ...dCached] = gradients(cached(layer), x, p);
    const [dxPerPass, ...dPerPass] = gradients(perPass(p), x, p);
    expect(Array.from(dxCached!)).toEqual(Array.from(dxPerPass!));
    names.forEach((name, i) => {
      expect(dCached[i]!.some((v) => v !== 0), name).toBe(true);
      // γ and the variance receive two contributions (filter and bias), summed in the other order.
      expect(relativeError(dCached[i]!, dPerPass[i]!), name).toBeLessThan(1e-6);
    });
  });

  it('refolds when a variable is assigned new values, freeing the old fold', () => {
    tf.tidy(() => void layer.weights().filter.dataSync());
    const before = tf.memory().numTensors;
    tf.tidy(() => p.gamma.assign(tf.tensor1d(randomArray(cout, 30, 0.5, 2))));
    const [filter, reference] = tf.tidy(() => [Array.from(layer.weights().filter.dataSync()), Array.from(foldConvBn(p).filter.dataSync())]);
    expect(filter).toEqual(reference);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps its fold from the first pass until dispose, and leaks nothing per pass', () => {
    const start = tf.memory().numTensors;
    const other = new ScnnFoldedConvBn(p, 2, 1);
    expect(tf.memory().numTensors).toBe(start);
    gradients(cached(other), x, p);
    const afterFirst = tf.memory().numTensors;
    expect(afterFirst).toBeGreaterThan(start);
    gradients(cached(other), x, p);
    tf.tidy(() => void cached(other)(x).dataSync());
    expect(tf.memory().numTensors).toBe(afterFirst);
    other.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });
});
