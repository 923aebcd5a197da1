import { skipWithoutFixtures } from '@rankfall/testing';
import { describe, expect, it } from 'vitest';
import { fitLogistic4, logistic4 } from './logistic4';
import { expectMetricsError } from './testing/expect-metrics-error';
import { uniformFloats } from './testing/random-samples';
import { column, readFixtureCsv } from './testing/read-fixture-csv';

/**
 * From `testing/scipy-reference.py` (`logistic_dbcnn_livec`): scipy.optimize.curve_fit(method='lm',
 * ftol = xtol = gtol = 1e-15) from the documented initial values on sma-dbcnn-livec-test.csv
 * (prediction → mos), SciPy 1.17.
 */
const SCIPY_FIT = {
  p0: [97.88540302734633, 0.0871620046521846, 58.16064273077866, 19.713791957336067],
  params: [124.10537105687476, -53.12956212888558, 36.94447582379837, 38.73262439897393],
  sse: 26424.664576619332,
};

describe('logistic4', () => {
  const p = { b1: 90, b2: 10, b3: 50, b4: 8 };

  it('has its midpoint at b3, asymptotes b1 (x → ∞) and b2 (x → −∞), and depends on |b4| only', () => {
    expect(logistic4(50, p)).toBe(50);
    expect(logistic4(1e6, p)).toBe(90);
    expect(logistic4(-1e6, p)).toBe(10);
    expect(logistic4(58, p)).toBeCloseTo(10 + 80 / (1 + Math.exp(-1)), 14);
    expect(logistic4(37, { ...p, b4: -8 })).toBe(logistic4(37, p));
  });
});

describe('fitLogistic4', () => {
  it.each([
    { b1: 90, b2: 10, b3: 50, b4: 8 },
    { b1: 4.5, b2: 1.2, b3: 0.3, b4: 0.15 },
    { b1: 5, b2: 95, b3: 40, b4: 12 }, // decreasing curve
  ])('recovers the parameters of noise-free data %o', (truth) => {
    const span = truth.b4 * 12;
    const x = uniformFloats(81, 80, truth.b3 - span / 2, truth.b3 + span / 2);
    const y = x.map((v) => logistic4(v, truth));
    const fit = fitLogistic4(x, y);
    expect(fit.converged).toBe(true);
    expect(fit.sse).toBeLessThan(1e-20 * y.reduce((s, v) => s + v * v, 0));
    expect(fit.params.b1).toBeCloseTo(truth.b1, 8);
    expect(fit.params.b2).toBeCloseTo(truth.b2, 8);
    expect(fit.params.b3).toBeCloseTo(truth.b3, 8);
    expect(Math.abs(fit.params.b4)).toBeCloseTo(truth.b4, 8);
  });

  it('is deterministic', () => {
    const x = uniformFloats(82, 50, 0, 100);
    const y = x.map((v, i) => logistic4(v, { b1: 80, b2: 20, b3: 45, b4: 10 }) + 5 * ((uniformFloats(83, 50)[i] as number) - 0.5));
    expect(fitLogistic4(x, y)).toEqual(fitLogistic4(x, y));
  });

  describe.skipIf(skipWithoutFixtures())('on the DBCNN/CLIVE fixture', () => {
    const columns = readFixtureCsv('sma-dbcnn-livec-test.csv');
    const x = column(columns, 'prediction');
    const y = column(columns, 'mos');

    it('reaches the least-squares minimum SciPy (MINPACK) finds from the same start', () => {
      const fit = fitLogistic4(x, y);
      expect(fit.converged).toBe(true);
      expect(Math.abs(fit.sse - SCIPY_FIT.sse) / SCIPY_FIT.sse).toBeLessThan(1e-12);
      const got = [fit.params.b1, fit.params.b2, fit.params.b3, Math.abs(fit.params.b4)];
      got.forEach((v, j) => expect(Math.abs(v - (SCIPY_FIT.params[j] as number)) / Math.abs(SCIPY_FIT.params[j] as number)).toBeLessThan(1e-5));
    });

    it('starts from the documented initial values (max y, min y, mean x, population std x)', () => {
      const fit = fitLogistic4(x, y, { maxIterations: 1 });
      expect(fit.iterations).toBe(1);
      expect(fit.converged).toBe(false);
      const { b1, b2, b3, b4 } = fit.initial;
      [b1, b2, b3, b4].forEach((v, j) => expect(v).toBeCloseTo(SCIPY_FIT.p0[j] as number, 12));
    });
  });

  it('rejects degenerate input and options with typed errors', () => {
    expectMetricsError(() => fitLogistic4([1, 2, 3, 4], [1, 2, 3, 4]), 'TOO_FEW_SAMPLES', /at least 5/);
    expectMetricsError(() => fitLogistic4([1, 2, 3, 4, 5], [1, 2, 3, 4]), 'LENGTH_MISMATCH');
    expectMetricsError(() => fitLogistic4([1, 1, 1, 1, 1], [1, 2, 3, 4, 5]), 'CONSTANT_INPUT', /x is constant/);
    expectMetricsError(() => fitLogistic4([1, 2, 3, 4, 5], [2, 2, 2, 2, 2]), 'CONSTANT_INPUT', /y is constant/);
    expectMetricsError(() => fitLogistic4([1, 2, 3, 4, 5], [1, 2, NaN, 4, 5]), 'NON_FINITE');
    expectMetricsError(() => fitLogistic4([1, 2, 3, 4, 5], [1, 2, 3, 4, 6], { maxIterations: 0 }), 'INVALID_OPTION');
    expectMetricsError(() => fitLogistic4([1, 2, 3, 4, 5], [1, 2, 3, 4, 6], { initial: { b1: 1, b2: 0, b3: 3, b4: 0 } }), 'INVALID_OPTION', /b4/);
  });
});
