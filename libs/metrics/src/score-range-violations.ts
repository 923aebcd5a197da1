import type { NumericArray } from './numeric-array';
import type { ScoreRange } from './score-range';
import { assertOption, assertSamples } from './validate-samples';

/** How many scores fall outside a model's declared score range, and the observed extremes. */
export interface ScoreRangeViolations {
  /** Scores < lo. */
  readonly below: number;
  /** Scores > hi. */
  readonly above: number;
  /** below + above. */
  readonly count: number;
  readonly min: number;
  readonly max: number;
}

/**
 * Counts the scores outside the declared range `[lo, hi]` (the bounds themselves are inside). A model
 * whose scores leave its declared range (e.g. −2 or 238 on a 0–100 model) breaks the assumption of R and
 * of any min–max normalisation by the declared range: report it beside them.
 *
 * @throws MetricsError `TOO_FEW_SAMPLES` (none), `NON_FINITE`, `INVALID_OPTION` (lo ≥ hi).
 */
export function scoreRangeViolations(scores: NumericArray, scoreRange: ScoreRange): ScoreRangeViolations {
  assertSamples('scoreRangeViolations', 'scores', scores, 1);
  const [lo, hi] = scoreRange;
  assertOption('scoreRangeViolations', 'scoreRange[0]', lo, () => true, 'finite');
  assertOption('scoreRangeViolations', 'scoreRange[1]', hi, (v) => v > lo, `finite and > scoreRange[0] = ${lo}`);
  let below = 0;
  let above = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i] as number;
    if (s < lo) below++;
    else if (s > hi) above++;
    min = Math.min(min, s);
    max = Math.max(max, s);
  }
  return { below, above, count: below + above, min, max };
}
