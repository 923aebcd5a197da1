import { describe, expect, it } from 'vitest';
import { meanSquaredError, meanSquaredErrorGradient } from './mean-squared-error';

describe('meanSquaredError', () => {
  it.each([
    { a: [1, 2, 3], b: [1, 2, 3], mse: 0 },
    { a: [0, 0], b: [3, 4], mse: 12.5 },
    { a: [100, 0, 50], b: [40, 60, 50], mse: 2400 },
  ])('MSE($a, $b) = $mse', ({ a, b, mse }) => {
    expect(meanSquaredError(a, b)).toBeCloseTo(mse, 12);
  });

  it('has gradient 2(a_i − b_i)/n with respect to a', () => {
    const a = [1, -2, 0.5];
    const b = [0, 1, 0.5];
    const grad = new Float64Array(3);
    meanSquaredErrorGradient(a, b, grad);
    expect([...grad]).toEqual([2 / 3, -2, 0]);
  });
});
