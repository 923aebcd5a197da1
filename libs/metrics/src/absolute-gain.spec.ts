import { describe, expect, it } from 'vitest';
import { absoluteGain } from './absolute-gain';
import { expectMetricsError } from './testing/expect-metrics-error';

describe('absoluteGain (MSU)', () => {
  it('normalises by the given score range and averages attacked − clean', () => {
    // [0, 100] → /100: (+10 + −5 + +25)/100/3 = 0.1
    expect(absoluteGain([20, 50, 60], [30, 45, 85], { scoreRange: [0, 100] })).toBeCloseTo(0.1, 15);
  });

  it('flips the sign for direction −1 (an attack that lowers the score gains when scores fall)', () => {
    expect(absoluteGain([20, 50, 60], [10, 40, 50], { scoreRange: [0, 100], direction: -1 })).toBeCloseTo(0.1, 15);
    expect(absoluteGain([20, 50, 60], [10, 40, 50], { scoreRange: [0, 100] })).toBeCloseTo(-0.1, 15);
  });

  it('defaults to min–max of the clean scores (MinMaxScaler fitted on them)', () => {
    // clean range [2, 6] (span 4): changes +1, +2, 0 → (0.25 + 0.5 + 0)/3 = 0.25
    expect(absoluteGain([2, 4, 6], [3, 6, 6])).toBeCloseTo(0.25, 15);
  });

  it('is independent of the score offset and scale once normalised', () => {
    const clean = [1.2, 3.4, 2.2, 4.9];
    const attacked = [1.5, 3.1, 2.9, 5.0];
    const base = absoluteGain(clean, attacked, { scoreRange: [1, 5] });
    expect(absoluteGain(clean.map((v) => 25 * v - 25), attacked.map((v) => 25 * v - 25), { scoreRange: [0, 100] })).toBeCloseTo(base, 14);
  });

  it('rejects degenerate input and options with typed errors', () => {
    expectMetricsError(() => absoluteGain([1, 2], [1]), 'LENGTH_MISMATCH');
    expectMetricsError(() => absoluteGain([], []), 'TOO_FEW_SAMPLES');
    expectMetricsError(() => absoluteGain([1, 2], [1, NaN]), 'NON_FINITE');
    expectMetricsError(() => absoluteGain([3, 3], [4, 5]), 'CONSTANT_INPUT', /scoreRange/);
    expectMetricsError(() => absoluteGain([1, 2], [1, 2], { scoreRange: [1, 0] }), 'INVALID_OPTION');
  });
});
