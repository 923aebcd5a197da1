import { describe, expect, it } from 'vitest';
import { createIsotonicScratch, isotonicDecreasingL2 } from './isotonic-decreasing';
import { SeededRandom } from './seeded-random';

function solve(y: number[]): { v: number[]; blocks: number } {
  const out = new Float64Array(y.length);
  const blocks = isotonicDecreasingL2(Float64Array.from(y), out, createIsotonicScratch(y.length));
  return { v: [...out], blocks };
}

/** Independent closed form of decreasing isotonic regression: v_i = min_{j≤i} max_{k≥i} mean(y_j..y_k). */
function minMaxSolution(y: number[]): number[] {
  const n = y.length;
  return y.map((_, i) => {
    let best = Infinity;
    for (let j = 0; j <= i; j++) {
      let worst = -Infinity;
      let sum = 0;
      for (let k = j; k < n; k++) {
        sum += y[k]!;
        if (k >= i) worst = Math.max(worst, sum / (k - j + 1));
      }
      best = Math.min(best, worst);
    }
    return best;
  });
}

describe('isotonicDecreasingL2 (PAV)', () => {
  it.each([
    { y: [3, 2, 1], v: [3, 2, 1], blocks: 3 },
    { y: [1, 2, 3], v: [2, 2, 2], blocks: 1 },
    { y: [-0.8, 0], v: [-0.4, -0.4], blocks: 1 },
    { y: [0, -1.5, -1], v: [0, -1.25, -1.25], blocks: 2 },
    { y: [5, 5], v: [5, 5], blocks: 1 }, // equal values are pooled, as in fast-soft-sort
    { y: [4, 1, 2, 3, 0], v: [4, 2, 2, 2, 0], blocks: 3 },
    { y: [1, 3, 2, 5, 0], v: [2.75, 2.75, 2.75, 2.75, 0], blocks: 2 },
    { y: [7], v: [7], blocks: 1 },
  ])('$y → $v', ({ y, v, blocks }) => {
    const result = solve(y);
    result.v.forEach((x, i) => expect(x).toBeCloseTo(v[i]!, 14));
    expect(result.blocks).toBe(blocks);
  });

  it('matches the min–max closed form on random vectors', () => {
    const random = SeededRandom.fromSeed(7);
    for (let trial = 0; trial < 50; trial++) {
      const n = 1 + (trial % 17);
      const y = Array.from({ length: n }, () => random.nextFloat() * 10 - 5 + (trial % 3) * 0.3 * (random.nextFloat() - 0.5));
      const { v } = solve(y);
      const expected = minMaxSolution(y);
      v.forEach((x, i) => expect(Math.abs(x - expected[i]!)).toBeLessThan(1e-12));
      for (let i = 1; i < n; i++) expect(v[i - 1]!).toBeGreaterThanOrEqual(v[i]!);
    }
  });
});
