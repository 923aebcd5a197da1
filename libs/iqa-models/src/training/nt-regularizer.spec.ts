import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededUniform } from '../architectures/initial-weights';
import { useWasmBackend } from '../architectures/testing/use-wasm-backend';
import type { InputNormalization } from '../iqa-model';
import { IMAGENET_NORMALIZATION } from '../ops/normalize-input';
import { LinearScorer } from './linear-scorer.test-helper';
import { ntDirection, ntFiniteDifference, ntPixelStep, ntRegularizer } from './nt-regularizer';

function uniform(length: number, seed: number, lo: number, hi: number): Float32Array {
  const random = seededUniform(seed);
  return Float32Array.from({ length }, () => lo + (hi - lo) * random());
}

describe('NT regulariser', () => {
  beforeAll(useWasmBackend);

  it.each([
    { normalization: null, h: 0.01, expected: [0.01, 0.01, 0.01] },
    { normalization: IMAGENET_NORMALIZATION, h: 0.01, expected: [0.00229, 0.00224, 0.00225] },
    { normalization: { mean: [0, 0, 0], std: [0.5, 1, 2] } as InputNormalization, h: 0.1, expected: [0.05, 0.1, 0.2] },
  ])('applies h in the normalised space: step $expected for h $h', ({ normalization, h, expected }) => {
    const step = ntPixelStep(normalization, h);
    step.forEach((value, c) => expect(value).toBeCloseTo(expected[c]!, 12));
  });

  describe.each([
    { label: 'no normalisation', normalization: null },
    { label: 'ImageNet normalisation', normalization: IMAGENET_NORMALIZATION },
  ])('on a linear scorer ($label): closed forms', ({ normalization }) => {
    const size = 6;
    const n = size * size * 3;
    const weights = uniform(n, 11, -0.1, 0.1);
    const l1 = weights.reduce((sum, w) => sum + Math.abs(w), 0);
    let model: LinearScorer;
    let images: tf.Tensor4D;
    const h = 1e-2;

    beforeAll(() => {
      model = new LinearScorer(size, weights, normalization, 0.3);
      images = tf.tensor4d(uniform(4 * n, 12, 0, 1), [4, size, size, 3]);
    });
    afterAll(() => {
      model.dispose();
      images.dispose();
    });

    it('v = sign(w) for every image, d = ‖w‖₁ exactly, R_NT = ½‖w‖₁²', () => {
      const before = tf.memory().numTensors;
      const direction = ntDirection(model, images);
      const v = direction.dataSync();
      for (let b = 0; b < 4; b++) for (let i = 0; i < n; i++) expect(v[b * n + i]).toBe(Math.sign(weights[i]!));
      const d = ntFiniteDifference(model, images, direction, ntPixelStep(normalization, h), h);
      const dValues = d.dataSync();
      expect(dValues).toHaveLength(4);
      for (const value of dValues) expect(value / l1).toBeCloseTo(1, 4);
      const r = ntRegularizer(d);
      expect(r.dataSync()[0]! / (0.5 * l1 * l1)).toBeCloseTo(1, 4);
      tf.dispose([direction, d, r]);
      expect(tf.memory().numTensors).toBe(before);
    });

    it('∂R_NT/∂w = ‖w‖₁·sign(w), ∂R_NT/∂b = 0 (v held constant), with f(x) shared', () => {
      const direction = ntDirection(model, images);
      const step = ntPixelStep(normalization, h);
      const { grads, value } = tf.variableGrads(() => {
        const clean = model.score(images);
        return ntRegularizer(ntFiniteDifference(model, images, direction, step, h, clean));
      }, [model.weight, model.bias]);
      const gw = grads[model.weight.name]!.dataSync();
      for (let i = 0; i < n; i++) expect(gw[i]! / (l1 * Math.sign(weights[i]!))).toBeCloseTo(1, 3);
      expect(Math.abs(grads[model.bias.name]!.dataSync()[0]!)).toBeLessThan(1e-3);
      tf.dispose([direction, value, ...Object.values(grads)]);
    });
  });
});
