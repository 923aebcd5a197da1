import { describe, expect, it } from 'vitest';
import { adamStep } from './adam-step';

const hp = { lr: 0.005, beta1: 0.9, beta2: 0.999, eps: 1e-8 };

describe('adamStep (PyTorch semantics)', () => {
  it('first step moves by lr·g/(|g| + eps) (bias correction makes m̂ = g, v̂ = g²)', () => {
    const g = [1, -1, 0, 0.25];
    const x = Float64Array.from([10, 10, 10, 10]);
    const m = new Float64Array(4);
    const v = new Float64Array(4);
    adamStep(x, Float64Array.from(g), m, v, 1, hp);
    g.forEach((gi, i) => expect(x[i]).toBeCloseTo(10 - (0.005 * gi) / (Math.abs(gi) + 1e-8), 14));
    g.forEach((gi, i) => expect(m[i]).toBeCloseTo(0.1 * gi, 15));
    expect(v[3]).toBeCloseTo(0.001 * 0.0625, 18);
  });

  it('a constant gradient keeps moving by ≈ lr per step; a sign flip after one step gives a zero step at t = 2', () => {
    const x = Float64Array.from([0, 0]);
    const m = new Float64Array(2);
    const v = new Float64Array(2);
    adamStep(x, Float64Array.from([1, 1]), m, v, 1, hp);
    adamStep(x, Float64Array.from([1, -1]), m, v, 2, hp);
    // Coordinate 0: m̂ = 1, v̂ = 1 → another −lr step. Coordinate 1: m = 0.09 − 0.1 = −0.01 after
    // 0.9·0.1 − 0.1; m̂ = −0.01/0.19, v̂ = 1 → step +lr·0.01/0.19.
    expect(x[0]).toBeCloseTo(-0.01, 9);
    expect(x[1]).toBeCloseTo(-0.005 + (0.005 * 0.01) / 0.19, 9);
  });
});
