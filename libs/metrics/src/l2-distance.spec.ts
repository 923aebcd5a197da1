import { describe, expect, it } from 'vitest';
import { l2Distance } from './l2-distance';
import { expectMetricsError } from './testing/expect-metrics-error';
import { uniformFloats } from './testing/random-samples';

describe('l2Distance', () => {
  it.each([
    { a: [0, 0], b: [0, 0], expected: 0 },
    { a: [0, 0], b: [3, 4], expected: 5 },
    { a: [1, 1, 1, 1], b: [2, 0, 2, 0], expected: 2 },
    { a: [-1], b: [2], expected: 3 },
  ])('L2($a, $b) = $expected', ({ a, b, expected }) => {
    expect(l2Distance(a, b)).toBeCloseTo(expected, 15);
  });

  it('equals the plain sqrt(Σ d²) on ordinary data', () => {
    const a = uniformFloats(61, 1000);
    const b = uniformFloats(62, 1000);
    const plain = Math.sqrt(a.reduce((s, v, i) => s + (v - (b[i] as number)) ** 2, 0));
    expect(l2Distance(a, b)).toBeCloseTo(plain, 12);
  });

  it('neither overflows nor underflows at the float64 limits', () => {
    expect(l2Distance([0, 0], [3e200, 4e200]) / 5e200).toBeCloseTo(1, 15);
    expect(l2Distance([0, 0], [3e-200, 4e-200]) / 5e-200).toBeCloseTo(1, 15);
  });

  it('rejects degenerate input with typed errors', () => {
    expectMetricsError(() => l2Distance([1, 2], [1]), 'LENGTH_MISMATCH');
    expectMetricsError(() => l2Distance([], []), 'TOO_FEW_SAMPLES');
    expectMetricsError(() => l2Distance([0], [Infinity]), 'NON_FINITE');
  });
});
