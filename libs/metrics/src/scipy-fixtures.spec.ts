import { skipWithoutFixtures } from '@rankfall/testing';
import { describe, expect, it } from 'vitest';
import { krocc } from './krocc';
import { mae } from './mae';
import { mse } from './mse';
import { plcc } from './plcc';
import { rmse } from './rmse';
import { srocc } from './srocc';
import { column, readExpectedMetrics, readFixtureCsv } from './testing/read-fixture-csv';

/**
 * Calibration against SciPy 1.10.1 (`spearmanr`, `kendalltau` tau-b, `pearsonr`) and NumPy errors, as
 * recorded in the shared fixture `metrics-expected.json`: no tie, small ties, and a two-level target
 * vector with 230 ties.
 */
const cases = [
  { file: 'sma-dbcnn-livec-test.csv', x: 'prediction', y: 'mos', section: 'sma-dbcnn-livec-test.csv (prediction vs mos)' },
  { file: 'metrics-ties-small.csv', x: 'a', y: 'b', section: 'metrics-ties-small.csv (a vs b)' },
  { file: 'metrics-ties-binary-targets.csv', x: 'prediction', y: 'target', section: 'metrics-ties-binary-targets.csv' },
] as const;

const metrics = { srocc, krocc, plcc, rmse, mae, mse } as const;

describe.skipIf(skipWithoutFixtures())('agreement with SciPy 1.10 on the shared fixtures', () => {
  const expected = readExpectedMetrics();

  describe.each(cases)('$file', ({ file, x: xName, y: yName, section }) => {
    const columns = readFixtureCsv(file);
    const x = column(columns, xName);
    const y = column(columns, yName);
    const key = Object.keys(expected).find((k) => k.startsWith(section));
    const values = key ? expected[key] : undefined;

    it('has its expected-values section and row count', () => {
      expect(values).toBeDefined();
      expect(x.length).toBe(values?.['n']);
    });

    it.each(Object.keys(metrics) as (keyof typeof metrics)[])('%s matches to 1e-9 (both argument orders)', (name) => {
      const reference = values?.[name];
      expect(reference).toBeTypeOf('number');
      const metric = metrics[name];
      expect(Math.abs(metric(x, y) - (reference as number))).toBeLessThanOrEqual(1e-9);
      expect(Math.abs(metric(y, x) - (reference as number))).toBeLessThanOrEqual(1e-9);
    });

    it('gives the same values for Float64Array input', () => {
      expect(srocc(Float64Array.from(x), Float64Array.from(y))).toBe(srocc(x, y));
      expect(krocc(Float64Array.from(x), Float64Array.from(y))).toBe(krocc(x, y));
    });
  });
});
