import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { runAttack } from '../runner/run-attack';
import { createLinearFixture } from '../testing/linear-fixture';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('fgsm on a linear scorer (closed form: x′ = clip(x + ε·d·sign(w), 0, 1))', () => {
  it.each([
    { goal: 'lower-quality', lowerBetter: false, d: -1 },
    { goal: 'lower-quality', lowerBetter: true, d: 1 },
    { goal: 'raise-quality', lowerBetter: false, d: 1 },
    { goal: 'raise-quality', lowerBetter: true, d: -1 },
  ] as const)('goal $goal, lowerBetter $lowerBetter: every pixel moves by ε·$d·sign(w)', async ({ goal, lowerBetter, d }) => {
    const fx = createLinearFixture({ lowerBetter });
    const epsilon = 0.01;
    const result = await runAttack({ attack: 'fgsm', config: { epsilon, goal }, model: fx.model, images: fx.images });
    const out = result.adversarial.dataSync();
    result.adversarial.dispose();
    const perImage = fx.weights.length;
    for (let i = 0; i < out.length; i++) {
      const w = fx.weights[i % perImage]!;
      const expected = Math.min(1, Math.max(0, fx.pixels[i]! + epsilon * d * Math.sign(w)));
      if (w === 0) expect(out[i]).toBe(fx.pixels[i]);
      else expect(Math.abs(out[i]! - expected)).toBeLessThanOrEqual(1e-7);
    }
    expect(result.direction).toBe(d);
    expect(result.iterations).toBe(1);
    // The trajectory's one entry is the score of the starting iterate (the clean image).
    expect(result.trajectory).toEqual([result.cleanScores]);
    fx.dispose();
  });
});
