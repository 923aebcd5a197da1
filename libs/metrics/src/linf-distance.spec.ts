import { describe, expect, it } from 'vitest';
import { linfDistance } from './linf-distance';
import { expectMetricsError } from './testing/expect-metrics-error';

describe('linfDistance', () => {
  it.each([
    { a: [0, 0, 0], b: [0, 0, 0], expected: 0 },
    { a: [0.5, 0.5, 0.5], b: [0.501, 0.4, 0.5], expected: 0.1 },
    { a: [1, -2, 3], b: [-1, 2, 3], expected: 4 },
    { a: [7], b: [2], expected: 5 },
  ])('L∞($a, $b) = $expected', ({ a, b, expected }) => {
    expect(linfDistance(a, b)).toBeCloseTo(expected, 15);
    expect(linfDistance(b, a)).toBeCloseTo(expected, 15);
  });

  it('measures the SMA budget on Float32Array images', () => {
    const clean = new Float32Array(48).fill(0.5);
    const attacked = clean.map((v, i) => v + (i % 2 === 0 ? 0.005 : -0.003));
    expect(linfDistance(clean, attacked)).toBeCloseTo(0.005, 7);
  });

  it('rejects degenerate input with typed errors', () => {
    expectMetricsError(() => linfDistance([1, 2], [1]), 'LENGTH_MISMATCH');
    expectMetricsError(() => linfDistance([], []), 'TOO_FEW_SAMPLES');
    expectMetricsError(() => linfDistance([NaN], [0]), 'NON_FINITE');
  });
});
