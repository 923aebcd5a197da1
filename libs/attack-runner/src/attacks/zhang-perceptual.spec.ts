import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IqaModel } from '@rankfall/iqa-models';
import { runAttack } from '../runner/run-attack';
import { createLinearFixture } from '../testing/linear-fixture';
import { createTinyConvNet } from '../testing/tiny-conv-net';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('zhang-perceptual', () => {
  it('with λ = 0 on a linear scorer: sign-like Adam steps of lr towards the goal, corners frozen', async () => {
    // Adam re-created each step moves every pixel by lr·g/(|g| + 1e-8) ≈ lr·sign(g); the gradient of
    // −dir·Δ·|Δ| is dir·sign(w) everywhere once the init noise made Δ ≠ 0. x₀ = clip(x − u/255), u ∈ {0, 1}.
    const size = 16;
    const fx = createLinearFixture({ n: 1, size, seed: 3, scoreRange: [-10, 10] });
    const [steps, lr] = [5, 0.01];
    const result = await runAttack({
      attack: 'zhang-perceptual',
      config: { regularizer: 'none', steps, learningRate: lr, goal: 'raise-quality' },
      model: fx.model,
      images: fx.images,
      seed: 2,
    });
    const out = result.adversarial.dataSync();
    result.adversarial.dispose();
    const clip = (v: number) => Math.min(1, Math.max(0, v));
    let noised = 0;
    for (let i = 0; i < out.length; i++) {
      const [x, w] = [fx.pixels[i]!, fx.weights[i]!];
      const [row, col] = [Math.floor(i / 3 / size), Math.floor(i / 3) % size];
      const corner = (row < 5 && col < 5) || (row >= size - 5 && col >= size - 5);
      const starts = [x, clip(x - 1 / 255)];
      if (corner || w === 0) {
        expect(Math.min(...starts.map((s) => Math.abs(out[i]! - s)))).toBeLessThan(1e-7);
      } else if (Math.abs(w) > 1e-3) {
        const distances = starts.map((s) => Math.abs(out[i]! - clip(s + steps * lr * Math.sign(w))));
        expect(Math.min(...distances)).toBeLessThan(1e-6);
        if (distances[0]! > 1e-6) noised++;
      }
    }
    expect(noised).toBeGreaterThan(0); // the init noise is there (u = −1 for about half the pixels)
    expect(result.finalScores[0]).toBeGreaterThan(result.cleanScores[0]!);
    fx.dispose();
  });

  describe('on a small conv net', () => {
    let model: IqaModel;
    let images: tf.Tensor4D;
    beforeAll(() => {
      model = createTinyConvNet({ seed: 8 });
      images = tf.randomUniform([2, 24, 24, 3], 0, 1, 'float32', 9) as tf.Tensor4D;
    });
    afterAll(() => {
      model.dispose();
      images.dispose();
    });
    const run = async (config: object) => {
      const result = await runAttack({ attack: 'zhang-perceptual', config: { steps: 20, ...config }, model, images, seed: 4 });
      result.adversarial.dispose();
      return result;
    };

    it("'squared' (the code's term) follows the direction the init noise happened to take", async () => {
      const result = await run({ scoreTerm: 'squared', regularizer: 'none' });
      result.finalScores.forEach((final, i) => {
        const initial = result.trajectory[0]![i]! - result.cleanScores[i]!;
        expect(Math.sign(final - result.cleanScores[i]!)).toBe(Math.sign(initial));
      });
    });

    it('a larger SSIM weight λ keeps the image closer (higher SSIM, smaller score change)', async () => {
      const free = await run({ lambda: 0 });
      const held = await run({ lambda: 1e6 });
      held.perImage.forEach((m, i) => {
        expect(m.ssim!).toBeGreaterThan(free.perImage[i]!.ssim!);
        expect(Math.abs(held.finalScores[i]! - held.cleanScores[i]!)).toBeLessThan(Math.abs(free.finalScores[i]! - free.cleanScores[i]!));
      });
    });

    it('keeps Adam moments across steps when resetOptimizerEachStep is false (a different trajectory, no leak)', async () => {
      const before = tf.memory().numTensors;
      const reset = await run({ lambda: 0 });
      const persistent = await run({ lambda: 0, resetOptimizerEachStep: false });
      expect(tf.memory().numTensors).toBe(before);
      expect(persistent.finalScores).not.toEqual(reset.finalScores);
      persistent.finalScores.forEach((s, i) => expect(s).toBeLessThan(persistent.cleanScores[i]!));
    });

    it('honours an optional L∞ budget through the runner', async () => {
      const result = await run({ epsilon: 0.01, lambda: 0 });
      expect(result.epsilon).toBe(0.01);
      result.perImage.forEach((m) => expect(m.linf).toBeLessThanOrEqual(0.01 + 1e-6));
    });
  });
});
