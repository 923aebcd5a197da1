import { describe, expect, it } from 'vitest';
import { rankAverage } from './rank-average';
import { expectMetricsError } from './testing/expect-metrics-error';
import { tiedIntegers, uniformFloats } from './testing/random-samples';

/** Brute force from the definition: rank = #(smaller) + (#(equal, itself included) + 1)/2. O(n²). */
function bruteForceAverageRanks(values: readonly number[]): number[] {
  return values.map((v) => {
    const smaller = values.filter((w) => w < v).length;
    const equal = values.filter((w) => w === v).length;
    return smaller + (equal + 1) / 2;
  });
}

describe('rankAverage', () => {
  it.each([
    { values: [10, 20, 20, 30], ranks: [1, 2.5, 2.5, 4] },
    { values: [3, 1, 2], ranks: [3, 1, 2] },
    { values: [5, 5, 5], ranks: [2, 2, 2] },
    { values: [-1, 0, -1, 7, 0, 0], ranks: [1.5, 4, 1.5, 6, 4, 4] },
    { values: [0.5], ranks: [1] },
    { values: [], ranks: [] },
  ])('ranks $values as $ranks', ({ values, ranks }) => {
    expect(Array.from(rankAverage(values))).toEqual(ranks);
  });

  it('accepts Float32Array and Float64Array', () => {
    expect(Array.from(rankAverage(Float32Array.from([2, 1, 2])))).toEqual([2.5, 1, 2.5]);
    expect(Array.from(rankAverage(Float64Array.from([2, 1, 2])))).toEqual([2.5, 1, 2.5]);
  });

  it.each([
    { seed: 1, n: 200, levels: 7 },
    { seed: 2, n: 500, levels: 40 },
    { seed: 3, n: 64, levels: 2 },
  ])('equals the O(n²) definition on seeded data with ties (seed $seed, $levels levels)', ({ seed, n, levels }) => {
    const values = tiedIntegers(seed, n, levels);
    expect(Array.from(rankAverage(values))).toEqual(bruteForceAverageRanks(values));
  });

  it('ranks distinct floats as a permutation of 1..n whose sum is n(n+1)/2', () => {
    const values = uniformFloats(4, 300);
    const ranks = Array.from(rankAverage(values));
    expect([...ranks].sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    expect(ranks).toEqual(bruteForceAverageRanks(values));
  });

  it.each([NaN, Infinity, -Infinity])('rejects %s with NON_FINITE', (bad) => {
    expectMetricsError(() => rankAverage([1, bad, 2]), 'NON_FINITE', /values\[1\]/);
  });
});
