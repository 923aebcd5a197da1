import { describe, expect, it } from 'vitest';
import { pearson, pearsonWithGradient } from './pearson';
import { SeededRandom } from './seeded-random';

describe('pearson', () => {
  it.each([
    { t: [1, 2, 3], p: [2, 4, 6], r: 1 },
    { t: [1, 2, 3], p: [3, 2, 1], r: -1 },
    { t: [1, 2, 3, 4], p: [1, 3, 2, 4], r: 0.8 }, // Σ dt·dp = 4, Σ dt² = Σ dp² = 5
    { t: [1, 0, -1, 0], p: [0, 1, 0, -1], r: 0 },
  ])('pearson($t, $p) = $r', ({ t, p, r }) => {
    expect(pearson(t, p)).toBeCloseTo(r, 14);
  });

  it('is invariant to scaling and shifting p', () => {
    const t = [3, 1, 4, 1, 5, 9, 2, 6];
    const p = [2, 7, 1, 8, 2, 8, 1, 8];
    expect(pearson(t, p.map((x) => x / 232 + 3))).toBeCloseTo(pearson(t, p), 14);
  });

  it('gradient with respect to p matches central finite differences', () => {
    const random = SeededRandom.fromSeed(5);
    const t = Array.from({ length: 12 }, () => random.nextFloat());
    const p = Array.from({ length: 12 }, () => random.nextFloat());
    const grad = new Float64Array(12);
    const value = pearsonWithGradient(t, p, grad);
    expect(value).toBe(pearson(t, p));
    const h = 1e-6;
    p.forEach((_, i) => {
      const plus = [...p];
      const minus = [...p];
      plus[i] = p[i]! + h;
      minus[i] = p[i]! - h;
      expect(Math.abs((pearson(t, plus) - pearson(t, minus)) / (2 * h) - grad[i]!)).toBeLessThan(1e-8);
    });
    expect(Math.abs(grad.reduce((a, b) => a + b, 0))).toBeLessThan(1e-14); // centred
  });
});
