import { describe, expect, it } from 'vitest';
import { scoreRangeViolations } from './score-range-violations';
import { expectMetricsError } from './testing/expect-metrics-error';

describe('scoreRangeViolations', () => {
  it.each([
    { scores: [0, 50, 100], range: [0, 100], expected: { below: 0, above: 0, count: 0, min: 0, max: 100 } },
    { scores: [-2, 238, 50], range: [0, 100], expected: { below: 1, above: 1, count: 2, min: -2, max: 238 } },
    { scores: [-1e-9, 100.0000001], range: [0, 100], expected: { below: 1, above: 1, count: 2, min: -1e-9, max: 100.0000001 } },
    { scores: [0.5, 0.7], range: [0, 1], expected: { below: 0, above: 0, count: 0, min: 0.5, max: 0.7 } },
    { scores: [5, 6, 7], range: [6, 9], expected: { below: 1, above: 0, count: 1, min: 5, max: 7 } },
  ] as const)('$scores in $range', ({ scores, range, expected }) => {
    expect(scoreRangeViolations(scores, range)).toEqual(expected);
  });

  it('refuses an empty vector, NaN and a bad range', () => {
    expectMetricsError(() => scoreRangeViolations([], [0, 1]), 'TOO_FEW_SAMPLES');
    expectMetricsError(() => scoreRangeViolations([Number.NaN], [0, 1]), 'NON_FINITE');
    expectMetricsError(() => scoreRangeViolations([1], [1, 1]), 'INVALID_OPTION');
  });
});
