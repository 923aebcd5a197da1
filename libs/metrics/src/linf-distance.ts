import type { NumericArray } from './numeric-array';
import { assertPairedSamples } from './validate-samples';

/**
 * L∞ distance: max_i |a_i − b_i|, over all elements (every pixel and channel of a flattened image). The
 * budget norm of SMA stage two (ε = 0.005 in [0,1] pixel units). n ≥ 1.
 *
 * @throws MetricsError `LENGTH_MISMATCH`, `TOO_FEW_SAMPLES` (n < 1), `NON_FINITE`.
 */
export function linfDistance(a: NumericArray, b: NumericArray): number {
  const n = assertPairedSamples('linfDistance', a, b, 1, ['a', 'b']);
  let max = 0;
  for (let i = 0; i < n; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}
