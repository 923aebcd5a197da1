import { describe, expect, it } from 'vitest';
import { srocc } from './srocc';
import { expectMetricsError } from './testing/expect-metrics-error';
import { randomPermutation, tiedIntegers, uniformFloats } from './testing/random-samples';

/** Average ranks by counting (O(n²)), independent of `rankAverage`. */
function countingRanks(values: readonly number[]): number[] {
  return values.map((v) => values.filter((w) => w < v).length + (values.filter((w) => w === v).length + 1) / 2);
}

/** Textbook one-pass Pearson: (nΣxy − ΣxΣy) / sqrt((nΣx² − (Σx)²)(nΣy² − (Σy)²)). Exact sums on half-integer ranks. */
function textbookPearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  let sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i] as number;
    const b = y[i] as number;
    sx += a;
    sy += b;
    sxx += a * a;
    syy += b * b;
    sxy += a * b;
  }
  return (n * sxy - sx * sy) / Math.sqrt((n * sxx - sx * sx) * (n * syy - sy * sy));
}

describe('srocc', () => {
  it.each([
    { seed: 11, n: 10 },
    { seed: 12, n: 97 },
    { seed: 13, n: 1000 },
  ])('equals 1 − 6Σd²/(n(n²−1)) without ties (seed $seed, n $n)', ({ seed, n }) => {
    const x = randomPermutation(seed, n);
    const y = randomPermutation(seed + 100, n);
    const sumD2 = x.reduce((acc, xi, i) => acc + (xi - (y[i] as number)) ** 2, 0);
    expect(srocc(x, y)).toBeCloseTo(1 - (6 * sumD2) / (n * (n * n - 1)), 12);
  });

  it.each([
    { seed: 21, n: 50, levelsX: 5, levelsY: 8 },
    { seed: 22, n: 400, levelsX: 3, levelsY: 30 },
    { seed: 23, n: 1500, levelsX: 12, levelsY: 2 },
  ])('equals Pearson of counted average ranks with many ties (seed $seed)', ({ seed, n, levelsX, levelsY }) => {
    const x = tiedIntegers(seed, n, levelsX);
    // y correlated with x plus tied noise, so the value is far from 0.
    const noise = tiedIntegers(seed + 1, n, levelsY);
    const y = x.map((v, i) => v * 3 + (noise[i] as number));
    expect(Math.abs(srocc(x, y) - textbookPearson(countingRanks(x), countingRanks(y)))).toBeLessThanOrEqual(1e-12);
  });

  it('is invariant under strictly increasing transforms and flips sign under decreasing ones', () => {
    const x = uniformFloats(31, 200, -3, 3);
    const y = x.map((v, i) => v + (uniformFloats(32, 200)[i] as number));
    const base = srocc(x, y);
    expect(srocc(x.map(Math.exp), y.map((v) => v ** 3))).toBe(base);
    expect(srocc(x.map((v) => -v), y)).toBeCloseTo(-base, 14);
  });

  it.each([
    { x: [1, 2, 3, 4], y: [10, 20, 30, 40], expected: 1 },
    { x: [1, 2, 3, 4], y: [4, 3, 2, 1], expected: -1 },
    // ranks x = 1,2,3 ; y = 1.5,1.5,3 → r = 1.5/sqrt(2·1.5) = sqrt(3)/2
    { x: [1, 2, 3], y: [5, 5, 9], expected: Math.sqrt(3) / 2 },
  ])('hand-computed $x vs $y', ({ x, y, expected }) => {
    expect(srocc(x, y)).toBeCloseTo(expected, 14);
  });

  it('rejects degenerate input with typed errors', () => {
    expectMetricsError(() => srocc([1, 2, 3], [1, 2]), 'LENGTH_MISMATCH', /3 values.*2/);
    expectMetricsError(() => srocc([1, 2], [2, 1]), 'TOO_FEW_SAMPLES', /at least 3/);
    expectMetricsError(() => srocc([1, NaN, 3], [1, 2, 3]), 'NON_FINITE', /x\[1\]/);
    expectMetricsError(() => srocc([1, 2, 3], [1, 2, Infinity]), 'NON_FINITE', /y\[2\]/);
    expectMetricsError(() => srocc([4, 4, 4], [1, 2, 3]), 'CONSTANT_INPUT', /x is constant/);
    expectMetricsError(() => srocc([1, 2, 3], [7, 7, 7]), 'CONSTANT_INPUT', /y is constant/);
  });
});
