import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IqaModel } from '@rankfall/iqa-models';
import { runAttack } from '../runner/run-attack';
import { createLinearScorer } from '../testing/linear-scorer';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('pgd random start', () => {
  // With all weights 0 the gradient is 0, so the steps never move: the result is the projected random start.
  const size = 16;
  const epsilon = 0.01;
  let flat: IqaModel;
  beforeAll(() => {
    flat = createLinearScorer({ weights: new Float32Array(size * size * 3), height: size, width: size });
  });
  afterAll(() => flat.dispose());
  const startOf = async (seed: number, randomStart = true): Promise<Float32Array> => {
    const images = tf.fill([2, size, size, 3], 0.5) as tf.Tensor4D;
    const result = await runAttack({ attack: 'pgd', config: { epsilon, steps: 2, randomStart }, model: flat, images, seed });
    const data = result.adversarial.dataSync() as Float32Array;
    result.adversarial.dispose();
    images.dispose();
    return data;
  };

  it('is deterministic per seed and differs between seeds', async () => {
    const a = await startOf(123);
    const b = await startOf(123);
    const c = await startOf(124);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Array.from(c)).not.toEqual(Array.from(a));
  });

  it('is uniform in the ε-ball around x', async () => {
    const deltas = Array.from(await startOf(7), (v) => v - 0.5);
    const max = Math.max(...deltas.map(Math.abs));
    const mean = deltas.reduce((s, d) => s + d, 0) / deltas.length;
    const meanSquare = deltas.reduce((s, d) => s + d * d, 0) / deltas.length;
    expect(max).toBeLessThanOrEqual(epsilon + 1e-7);
    expect(max).toBeGreaterThan(0.95 * epsilon);
    // U(−ε, ε): mean 0 (sd of the mean ε/√(3·1536) ≈ 1.5e-4), E[d²] = ε²/3.
    expect(Math.abs(mean)).toBeLessThan(6e-4);
    expect(meanSquare / ((epsilon * epsilon) / 3)).toBeGreaterThan(0.9);
    expect(meanSquare / ((epsilon * epsilon) / 3)).toBeLessThan(1.1);
  });

  it('starts at x when randomStart is false', async () => {
    expect(new Set(await startOf(7, false))).toEqual(new Set([0.5]));
  });
});
