import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { runAttack } from '../runner/run-attack';
import { createLinearFixture } from '../testing/linear-fixture';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('sma-stage2 on a linear scorer', () => {
  it('moves each image towards its own target: x_k = clip(x + min(kα, ε)·sign(t − f)·sign(w))', async () => {
    const fx = createLinearFixture({ seed: 12 });
    const clean = tf.tidy(() => Array.from(fx.model.score(fx.images).dataSync()));
    // Far targets (unreachable within ε): image 0 up, image 1 down. Defaults: ε 0.005, α 0.001, 10 steps.
    const targets = [clean[0]! + 100, clean[1]! - 100];
    const result = await runAttack({ attack: 'sma-stage2', model: fx.model, images: fx.images, targets });
    const out = result.adversarial.dataSync();
    result.adversarial.dispose();
    const perImage = fx.weights.length;
    const move = Math.min(10 * 0.001, 0.005);
    for (let i = 0; i < out.length; i++) {
      const towards = i < perImage ? 1 : -1;
      const expected = Math.min(1, Math.max(0, fx.pixels[i]! + towards * move * Math.sign(fx.weights[i % perImage]!)));
      expect(Math.abs(out[i]! - expected)).toBeLessThanOrEqual(1e-6);
    }
    expect(result.finalScores[0]).toBeGreaterThan(clean[0]!);
    expect(result.finalScores[1]).toBeLessThan(clean[1]!);
    expect(result.direction).toBeNull();
    fx.dispose();
  });

  it('settles within one step of a reachable target', async () => {
    const fx = createLinearFixture({ seed: 13, n: 1 });
    const clean = tf.tidy(() => fx.model.score(fx.images).dataSync()[0]!);
    const l1 = fx.weights.reduce((s, w) => s + Math.abs(w), 0);
    // A target a quarter of the ε-reach away; 40 steps of α = 0.0005 oscillate around it.
    const target = clean + 0.25 * 0.005 * l1;
    const result = await runAttack({
      attack: 'sma-stage2',
      config: { epsilon: 0.005, alpha: 0.0005, steps: 40 },
      model: fx.model,
      images: fx.images,
      targets: [target],
    });
    result.adversarial.dispose();
    expect(Math.abs(result.finalScores[0]! - target)).toBeLessThanOrEqual(0.0005 * l1 + 1e-4);
    fx.dispose();
  });
});
