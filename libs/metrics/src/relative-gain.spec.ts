import { describe, expect, it } from 'vitest';
import { relativeGain } from './relative-gain';
import { expectMetricsError } from './testing/expect-metrics-error';

describe('relativeGain (MSU, normalised + 1)', () => {
  it('matches a hand-computed example on [0, 100]', () => {
    // n(20) + 1 = 1.2 → n(30) + 1 = 1.3: 0.1/1.2 ; n(50) + 1 = 1.5 → 1.45: −0.05/1.5 ; n(0) + 1 = 1 → 1.5: 0.5
    const expected = (0.1 / 1.2 - 0.05 / 1.5 + 0.5) / 3;
    expect(relativeGain([20, 50, 0], [30, 45, 50], { scoreRange: [0, 100] })).toBeCloseTo(expected, 15);
  });

  it('flips the sign for direction −1', () => {
    const up = relativeGain([20, 50], [30, 45], { scoreRange: [0, 100] });
    expect(relativeGain([20, 50], [30, 45], { scoreRange: [0, 100], direction: -1 })).toBeCloseTo(-up, 15);
  });

  it('defaults to min–max of the clean scores', () => {
    // clean [10, 20]: n = 0, 1; attacked 15, 20 → n = 0.5, 1 → (0.5/1 + 0/2)/2 = 0.25
    expect(relativeGain([10, 20], [15, 20])).toBeCloseTo(0.25, 15);
  });

  it('rejects degenerate input with typed errors', () => {
    expectMetricsError(() => relativeGain([1], [1, 2]), 'LENGTH_MISMATCH');
    expectMetricsError(() => relativeGain([], []), 'TOO_FEW_SAMPLES');
    expectMetricsError(() => relativeGain([5, 5, 5], [5, 6, 7]), 'CONSTANT_INPUT');
    expectMetricsError(() => relativeGain([1, 2], [1, 2], { scoreRange: [0, Infinity] }), 'INVALID_OPTION');
  });
});
