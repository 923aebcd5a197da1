import { describe, expect, it } from 'vitest';
import { relativeGainClassic } from './relative-gain-classic';
import { expectMetricsError } from './testing/expect-metrics-error';

describe('relativeGainClassic', () => {
  it('averages (attacked − clean)/(|clean| + eps) with eps = 0', () => {
    // +10/20 = 0.5 ; −5/50 = −0.1 ; +8/−40 → 8/40 = 0.2 (|clean| keeps the sign of the change)
    expect(relativeGainClassic([20, 50, -40], [30, 45, -32], { eps: 0 })).toBeCloseTo((0.5 - 0.1 + 0.2) / 3, 15);
  });

  it('uses eps = 1e-6 by default and the direction', () => {
    expect(relativeGainClassic([2], [3])).toBeCloseTo(1 / (2 + 1e-6), 15);
    expect(relativeGainClassic([2], [1], { direction: -1 })).toBeCloseTo(1 / (2 + 1e-6), 15);
    expect(relativeGainClassic([0], [0.5])).toBeCloseTo(0.5 / 1e-6, 6);
  });

  it('rejects degenerate input with typed errors', () => {
    expectMetricsError(() => relativeGainClassic([0, 1], [1, 2], { eps: 0 }), 'NON_FINITE', /clean\[0\] is 0/);
    expectMetricsError(() => relativeGainClassic([1], [1], { eps: -1e-3 }), 'INVALID_OPTION');
    expectMetricsError(() => relativeGainClassic([1, 2], [1]), 'LENGTH_MISMATCH');
    expectMetricsError(() => relativeGainClassic([], []), 'TOO_FEW_SAMPLES');
  });
});
