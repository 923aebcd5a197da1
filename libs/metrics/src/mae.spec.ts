import { describe, expect, it } from 'vitest';
import { mae } from './mae';
import { expectMetricsError } from './testing/expect-metrics-error';

describe('mae', () => {
  it.each([
    { a: [1, 2, 3], b: [1, 2, 3], expected: 0 },
    { a: [0, 0], b: [3, -4], expected: 3.5 },
    { a: [10, 20, 30, 40], b: [11, 18, 30, 45], expected: 2 }, // (1 + 2 + 0 + 5)/4
  ])('mae($a, $b) = $expected', ({ a, b, expected }) => {
    expect(mae(a, b)).toBe(expected);
    expect(mae(b, a)).toBe(expected);
  });

  it('rejects degenerate input with typed errors', () => {
    expectMetricsError(() => mae([1, 2, 3], [1, 2]), 'LENGTH_MISMATCH');
    expectMetricsError(() => mae([], []), 'TOO_FEW_SAMPLES');
    expectMetricsError(() => mae([1, NaN], [1, 2]), 'NON_FINITE');
  });
});
