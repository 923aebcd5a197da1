import { describe, expect, it } from 'vitest';
import { plcc } from './plcc';
import { expectMetricsError } from './testing/expect-metrics-error';
import { uniformFloats } from './testing/random-samples';

describe('plcc', () => {
  it.each([
    { x: [1, 2, 3], y: [2, 4, 6], expected: 1 },
    { x: [1, 2, 3], y: [3, 2, 1], expected: -1 },
    // centred x = −1, 0, 1; centred y = −1, 2, −1 → Σ = 0
    { x: [1, 2, 3], y: [1, 4, 1], expected: 0 },
    // centred x = −1.5, −0.5, 0.5, 1.5; centred y = −1, −1, 1, 1 → 4/(sqrt(5)·2)
    { x: [1, 2, 3, 4], y: [0, 0, 2, 2], expected: 2 / Math.sqrt(5) },
  ])('hand-computed $x vs $y', ({ x, y, expected }) => {
    expect(plcc(x, y)).toBeCloseTo(expected, 14);
  });

  it('is invariant under positive affine maps and symmetric', () => {
    const x = uniformFloats(51, 300, 0, 100);
    const y = x.map((v, i) => v + 20 * (uniformFloats(52, 300)[i] as number));
    const base = plcc(x, y);
    expect(plcc(x.map((v) => 3 * v - 7), y.map((v) => 5 * v + 1e3))).toBeCloseTo(base, 12);
    expect(plcc(y, x)).toBeCloseTo(base, 15);
    expect(plcc(x.map((v) => -v), y)).toBeCloseTo(-base, 14);
  });

  it('accepts Float32Array input (widened exactly)', () => {
    const x = Float32Array.from([0.1, 0.7, 0.2, 0.9]);
    expect(plcc(x, Array.from(x))).toBeCloseTo(1, 15);
  });

  it('rejects degenerate input with typed errors', () => {
    expectMetricsError(() => plcc([1, 2, 3], [1, 2]), 'LENGTH_MISMATCH');
    expectMetricsError(() => plcc([1, 2], [1, 2]), 'TOO_FEW_SAMPLES');
    expectMetricsError(() => plcc([1, -Infinity, 3], [1, 2, 3]), 'NON_FINITE');
    expectMetricsError(() => plcc([0.1, 0.1, 0.1], [1, 2, 3]), 'CONSTANT_INPUT');
  });
});
