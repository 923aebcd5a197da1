import { MetricsError } from './metrics-error';
import type { NumericArray } from './numeric-array';
import { assertPairedSamples } from './validate-samples';

/**
 * KROCC, Kendall's tau-b with the tie correction (the default of `scipy.stats.kendalltau`):
 *
 *     τ_b = (P − Q) / sqrt( (P + Q + T_x) · (P + Q + T_y) )
 *
 * P / Q = concordant / discordant pairs, T_x / T_y = pairs tied in x only / in y only (pairs tied in both
 * count in neither). Knight's O(n log n) algorithm, as SciPy does: sort the pairs by (x, y); Q is then the
 * number of strict inversions of the y sequence, counted by a bottom-up merge sort; with n₀ = n(n − 1)/2,
 * t_x = Σ over tie groups of x of t(t − 1)/2 (likewise t_y, and t_xy over groups tied in both),
 * P − Q = n₀ − t_x − t_y + t_xy − 2Q and τ_b = (P − Q) / sqrt((n₀ − t_x)(n₀ − t_y)).
 * Pair counts are exact integers in float64 up to n ≈ 9·10⁷. Matches SciPy 1.10 to 1e-9 on the shared
 * fixtures. Symmetric.
 *
 * @throws MetricsError `LENGTH_MISMATCH`, `TOO_FEW_SAMPLES` (n < 3), `NON_FINITE`, and
 * `CONSTANT_INPUT` when every pair is tied in x (or in y), i.e. a constant vector.
 */
export function krocc(x: NumericArray, y: NumericArray): number {
  const n = assertPairedSamples('krocc', x, y, 3);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => compare(x[a] as number, x[b] as number) || compare(y[a] as number, y[b] as number));
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const i = order[k] as number;
    xs[k] = x[i] as number;
    ys[k] = y[i] as number;
  }
  const xTies = tiedPairs(n, (k) => xs[k] === xs[k - 1]);
  const xyTies = tiedPairs(n, (k) => xs[k] === xs[k - 1] && ys[k] === ys[k - 1]);
  const discordant = sortCountingInversions(ys);
  const yTies = tiedPairs(n, (k) => ys[k] === ys[k - 1]); // ys is sorted now
  const total = (n * (n - 1)) / 2;
  if (total === xTies || total === yTies) {
    const which = total === xTies ? 'x' : 'y';
    throw new MetricsError('CONSTANT_INPUT', `krocc: ${which} is constant (every pair is tied); tau-b is undefined`);
  }
  const concordantMinusDiscordant = total - xTies - yTies + xyTies - 2 * discordant;
  const tau = concordantMinusDiscordant / Math.sqrt(total - xTies) / Math.sqrt(total - yTies);
  return Math.max(-1, Math.min(1, tau));
}

function compare(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Σ t(t − 1)/2 over maximal runs of consecutive positions k where `sameAsPrevious(k)` holds. */
function tiedPairs(n: number, sameAsPrevious: (k: number) => boolean): number {
  let pairs = 0;
  let run = 1;
  for (let k = 1; k < n; k++) {
    if (sameAsPrevious(k)) {
      run++;
    } else {
      pairs += (run * (run - 1)) / 2;
      run = 1;
    }
  }
  return pairs + (run * (run - 1)) / 2;
}

/**
 * Sorts `values` ascending in place (stable bottom-up merge sort) and returns the number of strict
 * inversions, i.e. pairs i < j with values[i] > values[j] in the original order. Equal values are not
 * inversions (the left element is taken first).
 */
function sortCountingInversions(values: Float64Array): number {
  const n = values.length;
  let src: Float64Array = values;
  let dst: Float64Array = new Float64Array(n);
  let inversions = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if ((src[j] as number) < (src[i] as number)) {
          dst[k++] = src[j++] as number;
          inversions += mid - i;
        } else {
          dst[k++] = src[i++] as number;
        }
      }
      while (i < mid) dst[k++] = src[i++] as number;
      while (j < hi) dst[k++] = src[j++] as number;
    }
    const swap = src;
    src = dst;
    dst = swap;
  }
  if (src !== values) values.set(src);
  return inversions;
}
