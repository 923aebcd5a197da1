import type { NumericArray } from './numeric-array';
import { pearsonCore } from './pearson-core';
import { rankAverage } from './rank-average';
import { assertPairedSamples } from './validate-samples';

/**
 * SROCC, Spearman's rank-order correlation: Pearson's r of the average ranks (`rankAverage`), so ties
 * share the mean of the ranks they span. Without ties this equals 1 − 6 Σ d_i² / (n(n² − 1)), d_i the
 * rank difference. Matches `scipy.stats.spearmanr(x, y).correlation` (SciPy 1.10) to 1e-9 on the shared
 * fixtures, with and without ties. Symmetric.
 *
 * @throws MetricsError `LENGTH_MISMATCH`, `TOO_FEW_SAMPLES` (n < 3), `NON_FINITE`, `CONSTANT_INPUT`.
 */
export function srocc(x: NumericArray, y: NumericArray): number {
  assertPairedSamples('srocc', x, y, 3);
  return pearsonCore('srocc', rankAverage(x), rankAverage(y), ['x', 'y']);
}
