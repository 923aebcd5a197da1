import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IqaModel } from '@rankfall/iqa-models';
import { runAttack } from '../runner/run-attack';
import { createLinearFixture } from '../testing/linear-fixture';
import { spatialActivityMask } from './spatial-activity-mask';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

/** f(x) = 100 − 400·mean((x − 0.6)²): a single peak, so large Adam steps overshoot and oscillate. */
function peakModel(): IqaModel {
  return {
    id: 'test-peak',
    lowerBetter: false,
    scoreRange: [0, 100],
    input: { kind: 'any', minSize: 1 },
    normalization: null,
    trainableVariables: [],
    score: (x) => tf.tidy(() => tf.sub(100, tf.mul(400, tf.mean(tf.square(tf.sub(x, 0.6)), [1, 2, 3]))) as tf.Tensor1D),
    dispose: () => undefined,
  };
}

describe('korhonen', () => {
  it('leaves pixels with zero spatial activity untouched and moves the others', async () => {
    const fx = createLinearFixture({ n: 1, size: 24, seed: 2, scoreRange: [-10, 10] });
    // Left 12 columns flat (0.5): no activity there, beyond the dilation reach of the textured half.
    const pixels = Float32Array.from(fx.pixels, (v, i) => (Math.floor(i / 3) % 24 < 12 ? 0.5 : v));
    const images = tf.tensor4d(pixels, [1, 24, 24, 3]);
    const mask = tf.tidy(() => spatialActivityMask(images).dataSync());
    const result = await runAttack({ attack: 'korhonen', config: { maxIterations: 25 }, model: fx.model, images });
    const out = result.adversarial.dataSync();
    result.adversarial.dispose();
    let frozen = 0;
    let moved = 0;
    for (let i = 0; i < out.length; i++) {
      if (mask[Math.floor(i / 3)] === 0) {
        frozen++;
        expect(out[i]).toBe(pixels[i]);
      } else if (out[i] !== pixels[i]) moved++;
    }
    expect(frozen).toBeGreaterThan(24 * 3 * 8);
    expect(moved).toBeGreaterThan(24 * 3 * 8);
    expect(result.finalScores[0]).toBeGreaterThan(result.cleanScores[0]!); // raise-quality by default
    images.dispose();
    fx.dispose();
  });

  it('stops once every image has gone `patience` updates without improving, not before minIterations', async () => {
    // Under a constant gradient Adam moves by lr·sign(g) (eps negligible): with lr 0.6 every active pixel
    // reaches 0 or 1 after two updates;
    // x₀, x₁, x₂ improve, x₃ = x₂ does not (stall 1), x₄ does not (stall 2) → stop after iteration 5.
    const fx = createLinearFixture({ seed: 8, scoreRange: [-10, 10] });
    const run = (minIterations: number) =>
      runAttack({
        attack: 'korhonen',
        config: { learningRate: 0.6, adamEpsilon: 1e-20, minIterations, maxIterations: 50 },
        model: fx.model,
        images: fx.images,
      });
    const early = await run(3);
    expect(early.iterations).toBe(5);
    expect(early.stoppedEarly).toBe(true);
    const late = await run(12);
    expect(late.iterations).toBe(12);
    tf.dispose([early.adversarial, late.adversarial]);
    fx.dispose();
  });

  it('keeps the best iterate, not the last one', async () => {
    // A constant 0.5 image has an all-ones mask, so every pixel follows the same 1-D Adam recursion on
    // f(x) = 100 − 400·(x − 0.6)²; simulate it in float64 (loss 1 − f/100, gradient 8(x − 0.6)/P).
    const [size, lr, iterations] = [12, 0.1, 8];
    const f = (x: number) => 100 - 400 * (x - 0.6) ** 2;
    let [x, m, v] = [0.5, 0, 0];
    const simulated: number[] = [];
    for (let t = 1; t <= iterations; t++) {
      simulated.push(f(x));
      const g = (8 * (x - 0.6)) / (size * size * 3);
      m = 0.9 * m + 0.1 * g;
      v = 0.999 * v + 0.001 * g * g;
      x = Math.min(1, Math.max(0, x - (lr * (m / (1 - 0.9 ** t))) / (Math.sqrt(v / (1 - 0.999 ** t)) + 1e-8)));
    }
    simulated.push(f(x));
    const best = Math.max(...simulated);
    expect(simulated[simulated.length - 1]).toBeLessThan(best - 0.5); // the run does not end on its best iterate

    const model = peakModel();
    const images = tf.fill([1, size, size, 3], 0.5) as tf.Tensor4D;
    const result = await runAttack({
      attack: 'korhonen',
      config: { learningRate: lr, minIterations: iterations, maxIterations: iterations },
      model,
      images,
    });
    result.adversarial.dispose();
    images.dispose();
    result.trajectory.forEach((scores, t) => expect(scores[0]).toBeCloseTo(simulated[t]!, 2));
    expect(result.finalScores[0]).toBeCloseTo(best, 2);
  });
});
