import { skipWithoutFixtures } from '@rankfall/testing';
import { describe, expect, it } from 'vitest';
import { logistic4 } from './logistic4';
import { plcc } from './plcc';
import { plccLogistic } from './plcc-logistic';
import { expectMetricsError } from './testing/expect-metrics-error';
import { uniformFloats } from './testing/random-samples';
import { column, readFixtureCsv } from './testing/read-fixture-csv';

/** scipy.stats.pearsonr(mapped, mos) after the curve_fit of `testing/scipy-reference.py` (SciPy 1.17). */
const SCIPY_PLCC_LOGISTIC = 0.8899934802938221;

describe('plccLogistic', () => {
  it('is 1 when the scores are an exact logistic function of the predictions (raw PLCC is not)', () => {
    const x = uniformFloats(91, 100, 0, 100);
    const y = x.map((v) => logistic4(v, { b1: 95, b2: 5, b3: 55, b4: 6 }));
    expect(plcc(x, y)).toBeLessThan(0.97);
    expect(plccLogistic(x, y)).toBeCloseTo(1, 12);
  });

  it('throws FIT_FAILED when the fit does not converge', () => {
    const x = uniformFloats(92, 50, 0, 100);
    const y = x.map((v, i) => v + 30 * (uniformFloats(93, 50)[i] as number));
    expectMetricsError(() => plccLogistic(x, y, { maxIterations: 1 }), 'FIT_FAILED', /did not converge/);
  });

  describe.skipIf(skipWithoutFixtures())('on the DBCNN/CLIVE fixture', () => {
    const columns = readFixtureCsv('sma-dbcnn-livec-test.csv');
    const x = column(columns, 'prediction');
    const y = column(columns, 'mos');

    it('matches SciPy curve_fit + pearsonr to 1e-9', () => {
      expect(Math.abs(plccLogistic(x, y) - SCIPY_PLCC_LOGISTIC)).toBeLessThanOrEqual(1e-9);
    });

    it('is unchanged by a positive affine rescaling of the predictions', () => {
      expect(plccLogistic(x.map((v) => v / 20 + 1), y)).toBeCloseTo(plccLogistic(x, y), 9);
    });
  });
});
