import type { NumericArray } from './numeric-array';
import type { ScoreRange } from './score-range';
import { assertOption, assertPairedSamples } from './validate-samples';

export interface RobustnessScoreOptions {
  /** The model's score range [lo, hi]; default [0, 100]. */
  readonly scoreRange?: ScoreRange;
  /**
   * Added to the absolute score change in the denominator; default 1e-6 (as the R of the SMA group's
   * evaluation code and `robustness_score` of the MSU benchmark). With `eps: 0`, an image whose score did
   * not change contributes +Infinity and R is +Infinity (a perfectly robust image has unbounded R).
   */
  readonly eps?: number;
}

/**
 * R, the robustness score of an NR-IQA model under attack (SMA.md §6; Zhang et al. 2022 / Liu et al. 2024
 * evaluation code, function `r_robustness`; also `robustness_score` of the MSU benchmark, there on scores
 * min–max normalised to [0, 1]):
 *
 *     R = (1/N) Σ_i log10( max(f(x_i) − lo, hi − f(x_i)) / (|f(x'_i) − f(x_i)| + eps) )
 *
 * f(x_i) = `clean[i]`, f(x'_i) = `attacked[i]`. The numerator is the largest change still possible inside
 * the score range, at least (hi − lo)/2 > 0, so no term is NaN. Larger R = more robust; R is invariant to rescaling the score range only when eps = 0.
 * Zero changes: with the default eps = 1e-6 a zero change contributes log10(max(...)/1e-6) (finite); with
 * eps = 0 it contributes +Infinity, so R = +Infinity (documented, not an error). [lo, hi] is the model's
 * declared score range, never the observed one. Scores outside it are accepted (the numerator stays
 * positive unless lo = hi, which is rejected), but R then rests on a broken assumption: count them with
 * `scoreRangeViolations` and report the count beside R (`summarizeAttack` does).
 *
 * @throws MetricsError `LENGTH_MISMATCH`, `TOO_FEW_SAMPLES` (N < 1), `NON_FINITE`, `INVALID_OPTION`
 * (eps < 0, lo ≥ hi).
 */
export function robustnessScore(clean: NumericArray, attacked: NumericArray, options: RobustnessScoreOptions = {}): number {
  const n = assertPairedSamples('robustnessScore', clean, attacked, 1, ['clean', 'attacked']);
  const [lo, hi] = options.scoreRange ?? [0, 100];
  const eps = options.eps ?? 1e-6;
  assertOption('robustnessScore', 'eps', eps, (v) => v >= 0, '≥ 0');
  assertOption('robustnessScore', 'scoreRange[0]', lo, () => true, 'finite');
  assertOption('robustnessScore', 'scoreRange[1]', hi, (v) => v > lo, `finite and > scoreRange[0] = ${lo}`);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const s = clean[i] as number;
    const headroom = Math.max(s - lo, hi - s);
    const change = Math.abs((attacked[i] as number) - s) + eps;
    sum += Math.log10(headroom / change);
  }
  return sum / n;
}
