import type { NumericArray } from './numeric-array';
import { assertPairedSamples } from './validate-samples';

/**
 * MSE, mean squared error: (1/n) Σ (a_i − b_i)². Symmetric. SMA's error term L_err (SMA.md §2.3) and the
 * `mse` of the shared fixtures (NumPy). n ≥ 1.
 *
 * @throws MetricsError `LENGTH_MISMATCH`, `TOO_FEW_SAMPLES` (n < 1), `NON_FINITE`.
 */
export function mse(a: NumericArray, b: NumericArray): number {
  const n = assertPairedSamples('mse', a, b, 1, ['a', 'b']);
  return meanSquaredDifference(a, b, n);
}

/** Σ (a_i − b_i)² / n of validated inputs (internal; shared with `rmse`). */
export function meanSquaredDifference(a: NumericArray, b: NumericArray, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    sum += d * d;
  }
  return sum / n;
}
