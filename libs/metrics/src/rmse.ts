import { meanSquaredDifference } from './mse';
import type { NumericArray } from './numeric-array';
import { assertPairedSamples } from './validate-samples';

/**
 * RMSE, root mean squared error: sqrt( (1/n) Σ (a_i − b_i)² ). Symmetric; on the scores' own scale (no
 * logistic mapping). n ≥ 1.
 *
 * @throws MetricsError `LENGTH_MISMATCH`, `TOO_FEW_SAMPLES` (n < 1), `NON_FINITE`.
 */
export function rmse(a: NumericArray, b: NumericArray): number {
  const n = assertPairedSamples('rmse', a, b, 1, ['a', 'b']);
  return Math.sqrt(meanSquaredDifference(a, b, n));
}
