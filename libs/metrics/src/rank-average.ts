import type { NumericArray } from './numeric-array';
import { assertFinite } from './validate-samples';

/**
 * Average ranks, 1-based: the smallest value gets rank 1, and each group of tied values gets the mean
 * of the ranks it spans (e.g. `[10, 20, 20, 30]` → `[1, 2.5, 2.5, 4]`).
 *
 * Same result as `scipy.stats.rankdata(x, method='average')`; the ranks used by Spearman's SROCC.
 * O(n log n). An empty input gives an empty result.
 *
 * @throws MetricsError `NON_FINITE` when a value is NaN or ±Infinity.
 */
export function rankAverage(values: NumericArray): Float64Array {
  assertFinite('rankAverage', 'values', values);
  const n = values.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => {
    const va = values[a] as number;
    const vb = values[b] as number;
    return va < vb ? -1 : va > vb ? 1 : 0;
  });
  const ranks = new Float64Array(n);
  let start = 0;
  while (start < n) {
    const v = values[order[start] as number] as number;
    let end = start + 1;
    while (end < n && values[order[end] as number] === v) end++;
    // Positions start..end-1 hold ranks start+1..end; their mean is (start + 1 + end) / 2.
    const average = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k] as number] = average;
    start = end;
  }
  return ranks;
}
