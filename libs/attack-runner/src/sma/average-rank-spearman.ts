import { pearson } from './pearson';

/** Ascending ranks 1…n with ties given their average rank (SciPy's `rankdata(method='average')`). */
function averageRanks(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a]! - x[b]!);
  const ranks = new Float64Array(n);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && x[order[end]!]! === x[order[start]!]!) end++;
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]!] = rank;
    start = end;
  }
  return ranks;
}

/**
 * Hard Spearman rank correlation with average ranks for ties (as `scipy.stats.spearmanr`): Pearson of
 * the rank vectors. A small private helper for stage one's report; the project's metric is in
 * `@rankfall/metrics`.
 */
export function averageRankSpearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return pearson(averageRanks(a), averageRanks(b));
}
