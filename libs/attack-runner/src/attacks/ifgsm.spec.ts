import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { runAttack } from '../runner/run-attack';
import { createLinearFixture } from '../testing/linear-fixture';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('ifgsm on a linear scorer (closed form after k steps)', () => {
  // x_k = clip(x + min(k·α, ε)·d·sign(w), 0, 1): the gradient never changes, so the L∞ projection only caps
  // the total move at ε (and a pixel clipped at 0 or 1 stays there).
  it.each([
    { steps: 1, alpha: 0.002, epsilon: 0.01 },
    { steps: 3, alpha: 0.002, epsilon: 0.01 },
    { steps: 7, alpha: 0.002, epsilon: 0.01 },
    { steps: 4, alpha: 0.004, epsilon: 0.005 },
  ])('$steps steps of α=$alpha inside ε=$epsilon', async ({ steps, alpha, epsilon }) => {
    const fx = createLinearFixture({ seed: 9 });
    const result = await runAttack({ attack: 'ifgsm', config: { steps, alpha, epsilon }, model: fx.model, images: fx.images });
    const out = result.adversarial.dataSync();
    result.adversarial.dispose();
    const move = Math.min(steps * alpha, epsilon);
    const perImage = fx.weights.length;
    for (let i = 0; i < out.length; i++) {
      const expected = Math.min(1, Math.max(0, fx.pixels[i]! - move * Math.sign(fx.weights[i % perImage]!)));
      expect(Math.abs(out[i]! - expected)).toBeLessThanOrEqual(steps * 1e-7);
    }
    expect(result.iterations).toBe(steps);
    expect(result.trajectory).toHaveLength(steps);
    // trajectory[t] scores x_t: each step lowers the linear score (default goal, higher-is-better model) until
    // the total move reaches ε, then the projection keeps it in place.
    for (let t = 1; t < steps; t++) {
      result.trajectory[t]!.forEach((s, i) => {
        if ((t - 1) * alpha < epsilon) expect(s).toBeLessThan(result.trajectory[t - 1]![i]!);
        else expect(s).toBeCloseTo(result.trajectory[t - 1]![i]!, 4);
      });
    }
    fx.dispose();
  });
});
