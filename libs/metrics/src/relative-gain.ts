import type { GainOptions } from './absolute-gain';
import { scoreNormalizer } from './score-normalizer';
import type { NumericArray } from './numeric-array';
import { assertPairedSamples } from './validate-samples';

/**
 * Relative gain of the "MSU Video Quality Metrics Robustness Benchmark" (Antsiferova et al., AAAI 2024;
 * code `score_methods.normalized_relative_gain`, averaged over images): the scores are normalised to
 * [0, 1] and shifted by +1 so the denominator is never 0, then
 *
 *     gain_rel = (1/N) Σ_i d · ( n(f(x'_i)) − n(f(x_i)) ) / ( n(f(x_i)) + 1 ),   n(v) = (v − lo)/(hi − lo)
 *
 * d = `direction` (+1 raise, −1 lower), [lo, hi] = `scoreRange` or the clean scores' [min, max]. For the
 * plain "(attacked − clean)/clean" on raw scores see `relativeGainClassic`.
 *
 * @throws MetricsError `LENGTH_MISMATCH`, `TOO_FEW_SAMPLES` (N < 1), `NON_FINITE`, `CONSTANT_INPUT`
 * (constant clean scores without `scoreRange`), `INVALID_OPTION` (lo ≥ hi).
 */
export function relativeGain(clean: NumericArray, attacked: NumericArray, options: GainOptions = {}): number {
  const n = assertPairedSamples('relativeGain', clean, attacked, 1, ['clean', 'attacked']);
  const normalize = scoreNormalizer('relativeGain', clean, options.scoreRange);
  const direction = options.direction ?? 1;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const before = normalize(clean[i] as number) + 1;
    const after = normalize(attacked[i] as number) + 1;
    sum += (direction * (after - before)) / before;
  }
  return sum / n;
}
