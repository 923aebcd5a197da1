import type { NumericArray } from './numeric-array';
import { pearsonCore } from './pearson-core';
import { assertPairedSamples } from './validate-samples';

/**
 * PLCC, Pearson's linear correlation coefficient on the raw scores (no nonlinear mapping; see
 * `plccLogistic` for the VQEG-mapped variant):
 *
 *     r = Σ (x_i − x̄)(y_i − ȳ) / ( sqrt(Σ (x_i − x̄)²) · sqrt(Σ (y_i − ȳ)²) )
 *
 * Agrees with `scipy.stats.pearsonr(x, y)[0]` (SciPy 1.10) to 1e-9 on the shared fixtures. Symmetric.
 *
 * @throws MetricsError `LENGTH_MISMATCH`, `TOO_FEW_SAMPLES` (n < 3), `NON_FINITE`, `CONSTANT_INPUT`.
 */
export function plcc(x: NumericArray, y: NumericArray): number {
  assertPairedSamples('plcc', x, y, 3);
  return pearsonCore('plcc', x, y, ['x', 'y']);
}
