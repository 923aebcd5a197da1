import type { AttackDirection } from './attack-direction';
import { scoreNormalizer } from './score-normalizer';
import type { NumericArray } from './numeric-array';
import type { ScoreRange } from './score-range';
import { assertPairedSamples } from './validate-samples';

export interface GainOptions {
  /** The attack's goal: +1 raises the score (default), −1 lowers it. Gains are positive when the attack succeeds. */
  readonly direction?: AttackDirection;
  /**
   * The range mapped to [0, 1] before differencing (normally the model's catalog `scoreRange`).
   * Default: [min, max] of the clean scores, as the MSU benchmark code's `MinMaxScaler` fitted on them.
   */
  readonly scoreRange?: ScoreRange;
}

/**
 * Absolute gain of the "MSU Video Quality Metrics Robustness Benchmark" (Antsiferova et al., "Comparing
 * the robustness of modern no-reference image- and video-quality metrics to adversarial attacks",
 * AAAI 2024; code `score_methods.normalized_absolute_gain`, averaged over images):
 *
 *     gain_abs = (1/N) Σ_i d · ( n(f(x'_i)) − n(f(x_i)) ),   n(v) = (v − lo)/(hi − lo)
 *
 * d = `direction` (+1 when the attack raises the score, −1 when it lowers it: MSU's `inverse_sign`),
 * [lo, hi] = `scoreRange` or the clean scores' [min, max]. Positive = the attack moved scores its way;
 * 0.1 = a tenth of the range on average.
 *
 * @throws MetricsError `LENGTH_MISMATCH`, `TOO_FEW_SAMPLES` (N < 1), `NON_FINITE`, `CONSTANT_INPUT`
 * (constant clean scores without `scoreRange`), `INVALID_OPTION` (lo ≥ hi).
 */
export function absoluteGain(clean: NumericArray, attacked: NumericArray, options: GainOptions = {}): number {
  const n = assertPairedSamples('absoluteGain', clean, attacked, 1, ['clean', 'attacked']);
  const normalize = scoreNormalizer('absoluteGain', clean, options.scoreRange);
  const direction = options.direction ?? 1;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += direction * (normalize(attacked[i] as number) - normalize(clean[i] as number));
  return sum / n;
}
