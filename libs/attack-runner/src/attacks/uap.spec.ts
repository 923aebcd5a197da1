import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { runAttack } from '../runner/run-attack';
import { createLinearFixture } from '../testing/linear-fixture';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('uap on a linear scorer (closed form: Adam under a constant gradient moves δ by lr·sign per step)', () => {
  const train = async (config: object, seed = 3) => {
    const fx = createLinearFixture({ n: 4, size: 16, seed, scoreRange: [-10, 10] });
    const result = await runAttack({ attack: 'uap', config: { size: 16, batchSize: 2, ...config }, model: fx.model, images: fx.images });
    const delta = result.perturbation!.dataSync();
    return { fx, result, delta };
  };

  it.each([
    { epochs: 3, learningRate: 0.001, epsilon: 10 / 255, expected: 0.006 }, // 3 epochs × 2 batches
    { epochs: 10, learningRate: 0.01, epsilon: 0.02, expected: 0.02 }, // clamped at ε
  ])('epochs $epochs, lr $learningRate, ε $epsilon → δ = $expected·sign(w)', async ({ epochs, learningRate, epsilon, expected }) => {
    const { fx, result, delta } = await train({ epochs, learningRate, epsilon });
    expect(result.perturbation!.shape).toEqual([1, 16, 16, 3]);
    expect(result.iterations).toBe(epochs);
    for (let i = 0; i < delta.length; i++) {
      const w = fx.weights[i]!;
      expect(Math.abs(delta[i]!)).toBeLessThanOrEqual(epsilon + 1e-7);
      if (w === 0) expect(delta[i]).toBe(0);
      else if (Math.abs(w) > 4e-3) expect(Math.abs(delta[i]! - expected * Math.sign(w))).toBeLessThan(1e-6);
    }
    // The train path's adversarial images are clip(x + δ).
    const out = result.adversarial.dataSync();
    out.forEach((v, i) => expect(Math.abs(v - Math.min(1, Math.max(0, fx.pixels[i]! + delta[i % delta.length]!)))).toBeLessThan(1e-7));
    tf.dispose([result.adversarial, result.perturbation!]);
    fx.dispose();
  });

  it('applies a trained δ to other images (tiled to their size) and raises their scores', async () => {
    const { fx, result } = await train({ epochs: 2, learningRate: 0.005, size: 8 });
    const delta8 = result.perturbation!;
    expect(delta8.shape).toEqual([1, 8, 8, 3]);
    const deltaValues = delta8.dataSync();
    const other = createLinearFixture({ n: 3, size: 16, seed: 3, scoreRange: [-10, 10] }); // same weights, new images
    const before = tf.memory().numTensors;
    const applied = await runAttack({ attack: 'uap', model: other.model, images: other.images, perturbation: delta8 });
    expect(applied.iterations).toBe(0);
    expect(applied.perturbation).toBeNull();
    const out = applied.adversarial.dataSync();
    out.forEach((v, i) => {
      const [p, c] = [Math.floor(i / 3) % 256, i % 3];
      const [y, x] = [Math.floor(p / 16), p % 16];
      const d = deltaValues[((y % 8) * 8 + (x % 8)) * 3 + c]!;
      expect(Math.abs(v - Math.min(1, Math.max(0, other.pixels[i]! + d)))).toBeLessThan(1e-7);
    });
    const mean = (xs: readonly number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
    expect(mean(applied.finalScores)).toBeGreaterThan(mean(applied.cleanScores));
    applied.adversarial.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([result.adversarial, delta8]);
    fx.dispose();
    other.dispose();
  });
});
