import { describe, expect, it } from 'vitest';
import { robustnessScore } from './robustness-score';
import { expectMetricsError } from './testing/expect-metrics-error';

describe('robustnessScore (R)', () => {
  it('matches a hand-computed example on [0, 100] with eps = 0', () => {
    // clean 20: headroom max(20, 80) = 80, change |30 − 20| = 10 → log10(8)
    // clean 90: headroom max(90, 10) = 90, change |89 − 90| = 1 → log10(90)
    // clean 50: headroom 50, change 50 → log10(1) = 0
    const expected = (Math.log10(8) + Math.log10(90) + 0) / 3;
    expect(robustnessScore([20, 90, 50], [30, 89, 0], { eps: 0 })).toBeCloseTo(expected, 15);
  });

  it('adds the default eps = 1e-6 to the change (as the reference code)', () => {
    expect(robustnessScore([20], [30])).toBeCloseTo(Math.log10(80 / (10 + 1e-6)), 15);
    expect(robustnessScore([20], [30])).not.toBe(robustnessScore([20], [30], { eps: 0 }));
  });

  it('gives a finite value for a zero change by default and +Infinity with eps = 0', () => {
    expect(robustnessScore([40, 60], [40, 61])).toBeCloseTo((Math.log10(60 / 1e-6) + Math.log10(60 / (1 + 1e-6))) / 2, 12);
    expect(robustnessScore([40, 60], [40, 61], { eps: 0 })).toBe(Infinity);
  });

  it('uses the given score range', () => {
    // range [1, 5]: clean 2 → headroom max(1, 3) = 3; change 0.3 → log10(10) = 1
    expect(robustnessScore([2], [2.3], { scoreRange: [1, 5], eps: 0 })).toBeCloseTo(1, 14);
  });

  it('is larger for a more robust model (smaller changes)', () => {
    const clean = [10, 35, 62, 88];
    expect(robustnessScore(clean, [11, 36, 61, 87])).toBeGreaterThan(robustnessScore(clean, [20, 45, 52, 78]));
  });

  it('rejects degenerate input and options with typed errors', () => {
    expectMetricsError(() => robustnessScore([1, 2], [1]), 'LENGTH_MISMATCH', /clean has 2 values but attacked has 1/);
    expectMetricsError(() => robustnessScore([], []), 'TOO_FEW_SAMPLES');
    expectMetricsError(() => robustnessScore([1], [NaN]), 'NON_FINITE', /attacked\[0\]/);
    expectMetricsError(() => robustnessScore([1], [2], { eps: -1 }), 'INVALID_OPTION', /eps/);
    expectMetricsError(() => robustnessScore([1], [2], { scoreRange: [5, 5] }), 'INVALID_OPTION', /scoreRange/);
  });
});
