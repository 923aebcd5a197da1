import { MetricsError } from './metrics-error';
import { mulberry32 } from './mulberry32';
import type { NumericArray } from './numeric-array';
import { assertFinite, assertMinSamples, assertOption } from './validate-samples';

export interface BootstrapCiOptions {
  /** Number of bootstrap resamples B; default 1000 (≥ 2). */
  readonly resamples?: number;
  /** Two-sided confidence level in (0, 1); default 0.95. */
  readonly confidence?: number;
  /** Seed of the mulberry32 generator (an integer): the same seed and inputs give the identical interval. */
  readonly seed: number;
  /**
   * What to do when the statistic throws a `MetricsError` (e.g. `CONSTANT_INPUT`: a resample of a vector
   * with few distinct values can be constant) or returns NaN on a resample: `'throw'` (default) rethrows
   * it; `'skip'` drops that resample and counts it in `skipped` (the interval is then conditional on
   * non-degenerate resamples). Other errors always propagate.
   */
  readonly onDegenerate?: 'throw' | 'skip';
}

export interface BootstrapCi {
  /** The statistic on the original samples. */
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly confidence: number;
  /** Resamples that produced a value (B − skipped). */
  readonly resamples: number;
  /** Resamples dropped under `onDegenerate: 'skip'`. */
  readonly skipped: number;
}

/**
 * Percentile bootstrap confidence interval of a statistic of paired samples (Efron & Tibshirani 1993,
 * ch. 13). Each of the B resamples draws n indices i.i.d. uniformly from 0..n−1 (index = ⌊u·n⌋, u from
 * `mulberry32(seed)`), applies the same indices to every array (pairs stay together), and evaluates
 * `statistic` on the resampled arrays. With α = 1 − confidence, the bounds are the α/2 and 1 − α/2
 * quantiles of the B values with linear interpolation between order statistics (NumPy's default
 * `percentile`, as `scipy.stats.bootstrap(method='percentile')`).
 *
 * Example: `bootstrapCi(srocc, [predictions, mos], { seed: 919 })`.
 *
 * @throws MetricsError `LENGTH_MISMATCH` (arrays of different lengths), `TOO_FEW_SAMPLES` (no array,
 * n < 2, or every resample skipped), `NON_FINITE` (input values, or a NaN statistic), `INVALID_OPTION`; and
 * whatever `statistic` throws on the original samples (or, with `'throw'`, on a resample).
 */
export function bootstrapCi(
  statistic: (...samples: Float64Array[]) => number,
  arrays: readonly NumericArray[],
  options: BootstrapCiOptions,
): BootstrapCi {
  const resamples = options.resamples ?? 1000;
  const confidence = options.confidence ?? 0.95;
  const onDegenerate = options.onDegenerate ?? 'throw';
  assertOption('bootstrapCi', 'resamples', resamples, (v) => Number.isInteger(v) && v >= 2, 'an integer ≥ 2');
  assertOption('bootstrapCi', 'confidence', confidence, (v) => v > 0 && v < 1, 'in (0, 1)');
  assertOption('bootstrapCi', 'seed', options.seed, Number.isInteger, 'an integer');
  if (arrays.length === 0) throw new MetricsError('TOO_FEW_SAMPLES', 'bootstrapCi: no sample arrays given');
  const n = (arrays[0] as NumericArray).length;
  arrays.forEach((values, k) => {
    if (values.length !== n) {
      throw new MetricsError('LENGTH_MISMATCH', `bootstrapCi: arrays[${k}] has ${values.length} values but arrays[0] has ${n}; they must be paired`);
    }
    assertFinite('bootstrapCi', `arrays[${k}]`, values);
  });
  assertMinSamples('bootstrapCi', n, 2);

  const estimate = statistic(...arrays.map((values) => Float64Array.from(values)));
  if (Number.isNaN(estimate)) throw new MetricsError('NON_FINITE', 'bootstrapCi: the statistic is NaN on the original samples');

  const random = mulberry32(options.seed);
  const values: number[] = [];
  let skipped = 0;
  const indices = new Uint32Array(n);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) indices[i] = Math.floor(random() * n);
    const resampled = arrays.map((source) => Float64Array.from(indices, (i) => source[i] as number));
    const value = evaluate(statistic, resampled, onDegenerate, b);
    if (value === null) skipped++;
    else values.push(value);
  }
  if (values.length === 0) {
    throw new MetricsError('TOO_FEW_SAMPLES', `bootstrapCi: all ${resamples} resamples were degenerate`);
  }
  values.sort((p, q) => p - q);
  const alpha = 1 - confidence;
  return {
    estimate,
    lower: quantileSorted(values, alpha / 2),
    upper: quantileSorted(values, 1 - alpha / 2),
    confidence,
    resamples: values.length,
    skipped,
  };
}

function evaluate(
  statistic: (...samples: Float64Array[]) => number,
  resampled: Float64Array[],
  onDegenerate: 'throw' | 'skip',
  b: number,
): number | null {
  let value: number;
  try {
    value = statistic(...resampled);
  } catch (error) {
    if (onDegenerate === 'skip' && error instanceof MetricsError) return null;
    throw error;
  }
  if (Number.isNaN(value)) {
    if (onDegenerate === 'skip') return null;
    throw new MetricsError('NON_FINITE', `bootstrapCi: the statistic is NaN on resample ${b}`);
  }
  return value;
}

/** Quantile p of ascending `sorted` with linear interpolation: h = (m − 1)p (NumPy method 'linear'). */
function quantileSorted(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a === b ? a : a + (h - lo) * (b - a);
}
