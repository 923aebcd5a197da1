import { MetricsError } from './metrics-error';
import type { NumericArray } from './numeric-array';
import type { ScoreRange } from './score-range';
import { assertOption } from './validate-samples';

/**
 * The affine map v ↦ (v − lo)/(hi − lo) used by the MSU gains (internal). With `scoreRange` given it maps
 * that range to [0, 1]; without it, [lo, hi] = [min, max] of the clean scores, which is what the MSU
 * benchmark's `MinMaxScaler().fit_transform(clean)` does.
 *
 * @throws MetricsError `CONSTANT_INPUT` when the clean scores are constant and no range is given;
 * `INVALID_OPTION` when lo ≥ hi.
 */
export function scoreNormalizer(metric: string, clean: NumericArray, scoreRange: ScoreRange | undefined): (v: number) => number {
  let lo: number;
  let hi: number;
  if (scoreRange) {
    [lo, hi] = scoreRange;
    assertOption(metric, 'scoreRange[0]', lo, () => true, 'finite');
    assertOption(metric, 'scoreRange[1]', hi, (v) => v > lo, `finite and > scoreRange[0] = ${lo}`);
  } else {
    lo = Infinity;
    hi = -Infinity;
    for (let i = 0; i < clean.length; i++) {
      lo = Math.min(lo, clean[i] as number);
      hi = Math.max(hi, clean[i] as number);
    }
    if (!(hi > lo)) {
      throw new MetricsError(
        'CONSTANT_INPUT',
        `${metric}: the clean scores are constant (${lo}), so min–max normalisation is undefined; pass options.scoreRange`,
      );
    }
  }
  const span = hi - lo;
  return (v) => (v - lo) / span;
}
