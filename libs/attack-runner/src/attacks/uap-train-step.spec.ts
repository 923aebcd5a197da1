import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLinearFixture } from '../testing/linear-fixture';
import { uapAttackConfig } from './uap.config';
import { uapBatchOrder, uapInitialState, uapTrainStep } from './uap-train-step';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('uapBatchOrder', () => {
  it.each([
    { n: 10, batchSize: 4, sizes: [4, 4, 2] },
    { n: 3, batchSize: 5, sizes: [3] },
    { n: 8, batchSize: 1, sizes: [1, 1, 1, 1, 1, 1, 1, 1] },
  ])('cuts $n images into batches of $batchSize, each image once', ({ n, batchSize, sizes }) => {
    const batches = uapBatchOrder(n, batchSize, true, 7);
    expect(batches.map((b) => b.length)).toEqual(sizes);
    expect(batches.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
  });

  it('is the identity without shuffle, and a function of the seed with it', () => {
    expect(uapBatchOrder(5, 2, false, 3)).toEqual([[0, 1], [2, 3], [4]]);
    expect(uapBatchOrder(20, 4, true, 3)).toEqual(uapBatchOrder(20, 4, true, 3));
    expect(uapBatchOrder(20, 4, true, 3)).not.toEqual(uapBatchOrder(20, 4, true, 4));
  });
});

describe('uapTrainStep', () => {
  const config = uapAttackConfig.schema.parse({ size: 8, learningRate: 0.004 });

  it('weighs every image equally when a batch comes as several same-size groups, and leaks no tensor', () => {
    const fx = createLinearFixture({ n: 3, size: 16, seed: 2, scoreRange: [-10, 10] });
    const objective = { model: fx.model, direction: 1 as const, scoreRange: fx.model.scoreRange };
    const before = tf.memory().numTensors;
    const initial = uapInitialState(config);
    const whole = uapTrainStep(config, objective, [fx.images], initial, 1);
    const [a, b] = [tf.slice(fx.images, [0, 0, 0, 0], [1, 16, 16, 3]), tf.slice(fx.images, [1, 0, 0, 0], [2, 16, 16, 3])];
    const split = uapTrainStep(config, objective, [a as tf.Tensor4D, b as tf.Tensor4D], initial, 1);
    expect(whole.scores.shape).toEqual([3]);
    expect(Array.from(split.scores.dataSync())).toEqual(Array.from(whole.scores.dataSync()));
    const [dw, ds] = [whole.state.delta.dataSync(), split.state.delta.dataSync()];
    // Adam's first step moves each value by about lr·sign(gradient): both paths agree to float rounding.
    for (let i = 0; i < dw.length; i++) expect(Math.abs(dw[i]! - ds[i]!)).toBeLessThan(1e-6);
    expect(Math.max(...Array.from(dw, Math.abs))).toBeGreaterThan(0.003);
    tf.dispose([a, b, whole.scores, split.scores, whole.state.delta, whole.state.m, whole.state.v, split.state.delta, split.state.m, split.state.v]);
    tf.dispose([initial.delta, initial.m, initial.v]);
    expect(tf.memory().numTensors).toBe(before);
    fx.dispose();
  });

  it('never disposes the state it is given and keeps δ within ±ε', () => {
    const fx = createLinearFixture({ n: 2, size: 16, seed: 3, scoreRange: [-10, 10] });
    const objective = { model: fx.model, direction: -1 as const, scoreRange: fx.model.scoreRange };
    const eps = uapAttackConfig.schema.parse({ size: 8, learningRate: 0.05, epsilon: 0.01 });
    let state = uapInitialState(eps);
    const first = state;
    for (let t = 1; t <= 3; t++) {
      const next = uapTrainStep(eps, objective, [fx.images], state, t);
      expect(state.delta.isDisposed).toBe(false);
      next.scores.dispose();
      if (state !== first) tf.dispose([state.delta, state.m, state.v]);
      state = next.state;
    }
    const delta = state.delta.dataSync();
    expect(Math.max(...Array.from(delta, Math.abs))).toBeCloseTo(0.01, 6);
    tf.dispose([first.delta, first.m, first.v, state.delta, state.m, state.v]);
    expect(() => uapTrainStep(eps, objective, [], state, 1)).toThrow(/at least one image/);
    fx.dispose();
  });
});
