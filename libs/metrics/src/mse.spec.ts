import { describe, expect, it } from 'vitest';
import { mse } from './mse';
import { expectMetricsError } from './testing/expect-metrics-error';

describe('mse', () => {
  it.each([
    { a: [1, 2, 3], b: [1, 2, 3], expected: 0 },
    { a: [0, 0], b: [3, 4], expected: 12.5 }, // (9 + 16)/2
    { a: [1, -1, 2, 0], b: [0, 1, 2, 2], expected: 2.25 }, // (1 + 4 + 0 + 4)/4
    { a: [5], b: [2], expected: 9 },
  ])('mse($a, $b) = $expected', ({ a, b, expected }) => {
    expect(mse(a, b)).toBe(expected);
    expect(mse(b, a)).toBe(expected);
  });

  it('rejects degenerate input with typed errors', () => {
    expectMetricsError(() => mse([1, 2], [1]), 'LENGTH_MISMATCH', /a has 2 values but b has 1/);
    expectMetricsError(() => mse([], []), 'TOO_FEW_SAMPLES');
    expectMetricsError(() => mse([NaN], [1]), 'NON_FINITE', /a\[0\]/);
  });
});
