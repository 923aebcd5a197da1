import type { NumericArray } from './numeric-array';
import { assertPairedSamples } from './validate-samples';

/**
 * MAE, mean absolute error: (1/n) Σ |a_i − b_i|. Symmetric. With b = clean predictions and a = attacked
 * predictions this is the mean absolute score change. n ≥ 1.
 *
 * @throws MetricsError `LENGTH_MISMATCH`, `TOO_FEW_SAMPLES` (n < 1), `NON_FINITE`.
 */
export function mae(a: NumericArray, b: NumericArray): number {
  const n = assertPairedSamples('mae', a, b, 1, ['a', 'b']);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.abs((a[i] as number) - (b[i] as number));
  return sum / n;
}
