import type { NumericArray } from './numeric-array';
import { assertPairedSamples } from './validate-samples';

/**
 * L2 (Euclidean) distance: sqrt( Σ_i (a_i − b_i)² ), over all elements, not averaged (divide by sqrt(n) for
 * a per-element RMS). Computed with a running scale (as BLAS `nrm2`), so it neither overflows nor
 * underflows for differences near the float64 limits. n ≥ 1.
 *
 * @throws MetricsError `LENGTH_MISMATCH`, `TOO_FEW_SAMPLES` (n < 1), `NON_FINITE`.
 */
export function l2Distance(a: NumericArray, b: NumericArray): number {
  const n = assertPairedSamples('l2Distance', a, b, 1, ['a', 'b']);
  let scale = 0;
  let sumSquares = 1;
  for (let i = 0; i < n; i++) {
    const d = Math.abs((a[i] as number) - (b[i] as number));
    if (d === 0) continue;
    if (scale < d) {
      sumSquares = 1 + sumSquares * (scale / d) * (scale / d);
      scale = d;
    } else {
      sumSquares += (d / scale) * (d / scale);
    }
  }
  return scale * Math.sqrt(sumSquares);
}
