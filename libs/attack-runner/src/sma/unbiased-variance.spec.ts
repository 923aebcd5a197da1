import { describe, expect, it } from 'vitest';
import { unbiasedVariance, unbiasedVarianceGradient } from './unbiased-variance';

describe('unbiasedVariance', () => {
  it.each([
    { x: [1, 2, 3, 4], v: 5 / 3 },
    { x: [2, 2, 2], v: 0 },
    { x: [0, 100], v: 5000 },
  ])('Var($x) = $v', ({ x, v }) => {
    expect(unbiasedVariance(x)).toBeCloseTo(v, 12);
  });

  it('has gradient 2(x_i − x̄)/(n − 1), equal to central finite differences', () => {
    const x = [0.3, -1.2, 4.5, 2.2, 0]; // mean 1.16
    const grad = new Float64Array(5);
    unbiasedVarianceGradient(x, grad);
    const h = 1e-5;
    x.forEach((_, i) => {
      const plus = [...x];
      const minus = [...x];
      plus[i] = x[i]! + h;
      minus[i] = x[i]! - h;
      expect((unbiasedVariance(plus) - unbiasedVariance(minus)) / (2 * h)).toBeCloseTo(grad[i]!, 8);
      expect(grad[i]!).toBeCloseTo((2 * (x[i]! - 1.16)) / 4, 12);
    });
  });
});
