import { describe, expect, it } from 'vitest';
import { evaluateSplit } from './evaluate-split';

describe('evaluateSplit', () => {
  it.each([
    // predictions, targets, loss, expected
    { p: [1, 2, 3, 4], t: [10, 20, 30, 40], loss: 'mse', expected: { count: 4, loss: (81 + 324 + 729 + 1296) / 4, srocc: 1, plcc: 1 } },
    { p: [4, 3, 2, 1], t: [1, 2, 3, 4], loss: 'l1', expected: { count: 4, loss: 2, srocc: -1, plcc: -1 } },
    // monotone but not linear: SROCC 1, PLCC < 1 (Pearson's r by hand in float64 Python: 0.8854377448471462)
    { p: [1, 2, 3, 10], t: [1, 2, 3, 4], loss: 'l1', expected: { count: 4, loss: 1.5, srocc: 1, plcc: 0.8854377448471462 } },
    // constant predictions: correlations undefined → null, not a number
    { p: [5, 5, 5], t: [1, 2, 3], loss: 'mse', expected: { count: 3, loss: (16 + 9 + 4) / 3, srocc: null, plcc: null } },
    // fewer than 3 samples → null
    { p: [1, 2], t: [1, 2], loss: 'mse', expected: { count: 2, loss: 0, srocc: null, plcc: null } },
  ] as const)('$p vs $t ($loss)', ({ p, t, loss, expected }) => {
    const result = evaluateSplit(Float64Array.from(p), Float64Array.from(t), loss);
    expect(result.count).toBe(expected.count);
    expect(result.loss).toBeCloseTo(expected.loss, 12);
    for (const key of ['srocc', 'plcc'] as const) {
      if (expected[key] === null) expect(result[key]).toBeNull();
      else expect(result[key]).toBeCloseTo(expected[key], 12);
    }
  });

  it('lets other metric errors through (NaN prediction)', () => {
    expect(() => evaluateSplit(Float64Array.from([1, Number.NaN, 3]), Float64Array.from([1, 2, 3]), 'mse')).toThrow(/finite|NaN/i);
  });
});
