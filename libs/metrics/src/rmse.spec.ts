import { describe, expect, it } from 'vitest';
import { rmse } from './rmse';
import { expectMetricsError } from './testing/expect-metrics-error';

describe('rmse', () => {
  it.each([
    { a: [1, 2, 3], b: [1, 2, 3], expected: 0 },
    { a: [0, 0], b: [3, 4], expected: Math.sqrt(12.5) },
    { a: [1, 1, 1, 1], b: [3, -1, 3, -1], expected: 2 },
    { a: Float32Array.from([0.5, 0.25]), b: [0.5, 0.75], expected: Math.sqrt(0.125) },
  ])('rmse($a, $b) = $expected', ({ a, b, expected }) => {
    expect(rmse(a, b)).toBeCloseTo(expected, 15);
  });

  it('rejects degenerate input with typed errors', () => {
    expectMetricsError(() => rmse([1], [1, 2]), 'LENGTH_MISMATCH');
    expectMetricsError(() => rmse([], []), 'TOO_FEW_SAMPLES');
    expectMetricsError(() => rmse([1], [Infinity]), 'NON_FINITE', /b\[0\]/);
  });
});
