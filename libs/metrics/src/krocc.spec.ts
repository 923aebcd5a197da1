import { describe, expect, it } from 'vitest';
import { krocc } from './krocc';
import { expectMetricsError } from './testing/expect-metrics-error';
import { randomPermutation, tiedIntegers, uniformFloats } from './testing/random-samples';

/**
 * Tau-b from its definition over all n(n−1)/2 pairs (O(n²)): P concordant, Q discordant, T_x / T_y tied in
 * x only / y only; τ_b = (P − Q)/sqrt((P + Q + T_x)(P + Q + T_y)).
 */
function bruteForceTauB(x: readonly number[], y: readonly number[]): number {
  let p = 0, q = 0, tx = 0, ty = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      const sx = Math.sign((x[i] as number) - (x[j] as number));
      const sy = Math.sign((y[i] as number) - (y[j] as number));
      if (sx * sy > 0) p++;
      else if (sx * sy < 0) q++;
      else if (sx === 0 && sy !== 0) tx++;
      else if (sy === 0 && sx !== 0) ty++;
    }
  }
  return (p - q) / Math.sqrt((p + q + tx) * (p + q + ty));
}

describe('krocc (tau-b)', () => {
  it.each([
    { x: [1, 2, 3, 4], y: [2, 4, 6, 8], expected: 1 },
    { x: [1, 2, 3, 4], y: [8, 6, 4, 2], expected: -1 },
    { x: [1, 2, 3], y: [1, 3, 2], expected: 1 / 3 }, // P = 2, Q = 1
    { x: [1, 1, 2], y: [1, 2, 3], expected: 2 / Math.sqrt(6) }, // P = 2, T_x = 1
    { x: [1, 1, 2, 2], y: [1, 1, 2, 2], expected: 1 }, // P = 4, two pairs tied in both
    { x: [1, 2, 1, 2], y: [1, 1, 2, 2], expected: 0 }, // P = 1, Q = 1, T_x = 2, T_y = 2
  ])('hand-computed $x vs $y = $expected', ({ x, y, expected }) => {
    expect(krocc(x, y)).toBeCloseTo(expected, 14);
  });

  it.each([
    { seed: 41, n: 30, levelsX: 4, levelsY: 4 },
    { seed: 42, n: 300, levelsX: 2, levelsY: 50 },
    { seed: 43, n: 1000, levelsX: 17, levelsY: 9 },
    { seed: 44, n: 5000, levelsX: 100, levelsY: 6 },
  ])('equals the O(n²) definition on seeded data with many ties (seed $seed, n $n)', ({ seed, n, levelsX, levelsY }) => {
    const x = tiedIntegers(seed, n, levelsX);
    const noise = tiedIntegers(seed + 1, n, levelsY);
    const y = x.map((v, i) => (noise[i] as number) - v / 3);
    expect(Math.abs(krocc(x, y) - bruteForceTauB(x, y))).toBeLessThanOrEqual(1e-12);
  });

  it('equals the O(n²) definition on distinct floats and on permutations', () => {
    const x = uniformFloats(45, 700);
    const y = x.map((v, i) => v + 0.3 * (uniformFloats(46, 700)[i] as number));
    expect(Math.abs(krocc(x, y) - bruteForceTauB(x, y))).toBeLessThanOrEqual(1e-12);
    const p = randomPermutation(47, 501);
    const r = randomPermutation(48, 501);
    expect(Math.abs(krocc(p, r) - bruteForceTauB(p, r))).toBeLessThanOrEqual(1e-12);
  });

  it('is symmetric and does not modify its inputs', () => {
    const x = tiedIntegers(49, 200, 5);
    const y = tiedIntegers(50, 200, 7);
    const xCopy = [...x];
    const yTyped = Float64Array.from(y);
    expect(krocc(x, yTyped)).toBeCloseTo(krocc(yTyped, x), 15);
    expect(x).toEqual(xCopy);
    expect(Array.from(yTyped)).toEqual(y);
  });

  it('rejects degenerate input with typed errors', () => {
    expectMetricsError(() => krocc([1, 2, 3], [1, 2, 3, 4]), 'LENGTH_MISMATCH');
    expectMetricsError(() => krocc([], []), 'TOO_FEW_SAMPLES');
    expectMetricsError(() => krocc([1, 2, NaN], [1, 2, 3]), 'NON_FINITE', /x\[2\]/);
    expectMetricsError(() => krocc([2, 2, 2, 2], [1, 2, 3, 4]), 'CONSTANT_INPUT', /x is constant/);
    expectMetricsError(() => krocc([1, 2, 3, 4], [0, 0, 0, 0]), 'CONSTANT_INPUT', /y is constant/);
  });
});
