import { MetricsError } from './metrics-error';
import type { AttackDirection } from './attack-direction';
import type { NumericArray } from './numeric-array';
import { assertOption, assertPairedSamples } from './validate-samples';

export interface RelativeGainClassicOptions {
  /** The attack's goal: +1 raises the score (default), −1 lowers it. */
  readonly direction?: AttackDirection;
  /** Added to |f(x)| in the denominator; default 1e-6 (as the MSU code). Must be ≥ 0. */
  readonly eps?: number;
}

/**
 * Classic relative gain on raw scores, "mean of (attacked − clean)/clean" (MSU benchmark code
 * `score_methods.relative_gain_classic`, averaged over images):
 *
 *     gain = (1/N) Σ_i d · ( f(x'_i) − f(x_i) ) / ( |f(x_i)| + eps )
 *
 * d = `direction`. Differences from the MSU code: it has no direction and divides by f(x) + eps; here
 * |f(x)| keeps the sign meaningful for negative scores (identical for the usual non-negative scales).
 * Depends on the score scale's origin; prefer `relativeGain` to compare models.
 *
 * @throws MetricsError `LENGTH_MISMATCH`, `TOO_FEW_SAMPLES` (N < 1), `NON_FINITE` (also when a clean score
 * is 0 and eps = 0, a division by zero), `INVALID_OPTION` (eps < 0).
 */
export function relativeGainClassic(
  clean: NumericArray,
  attacked: NumericArray,
  options: RelativeGainClassicOptions = {},
): number {
  const n = assertPairedSamples('relativeGainClassic', clean, attacked, 1, ['clean', 'attacked']);
  const eps = options.eps ?? 1e-6;
  assertOption('relativeGainClassic', 'eps', eps, (v) => v >= 0, '≥ 0');
  const direction = options.direction ?? 1;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const before = clean[i] as number;
    const denominator = Math.abs(before) + eps;
    if (denominator === 0) {
      throw new MetricsError('NON_FINITE', `relativeGainClassic: clean[${i}] is 0 and eps is 0, so the relative change is undefined`);
    }
    sum += (direction * ((attacked[i] as number) - before)) / denominator;
  }
  return sum / n;
}
