/**
 * The discordant pairs behind a fall in SROCC(clean, attacked): pairs of images whose order flipped between
 * the clean and the attacked scores. A pair's strength is how far apart the two images were in both rankings,
 * −(r_clean(i) − r_clean(j)) · (r_attacked(i) − r_attacked(j)) / n², the pair's share of the rank covariance
 * SROCC is made of, so the strongest contributors come first. Pure.
 */

export interface RankedPoint {
  clean: number;
  attacked: number;
}

export interface DiscordantPair {
  /** Indexes into the points given. */
  a: number;
  b: number;
  strength: number;
}

/** 1-based ranks, ties sharing their average rank (as SROCC ranks them). */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((x, y) => x.value - y.value);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.value === order[start]!.value) end += 1;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k += 1) ranks[order[k]!.index] = rank;
    start = end + 1;
  }
  return ranks;
}

/** Every discordant pair is found; the `limit` strongest are returned, strongest first (ties by index). */
export function discordantPairs(points: readonly RankedPoint[], limit: number): { pairs: DiscordantPair[]; total: number } {
  const n = points.length;
  const clean = averageRanks(points.map((p) => p.clean));
  const attacked = averageRanks(points.map((p) => p.attacked));
  const pairs: DiscordantPair[] = [];
  let total = 0;
  let floor = 0;
  for (let a = 0; a < n; a += 1) {
    for (let b = a + 1; b < n; b += 1) {
      const product = (clean[a]! - clean[b]!) * (attacked[a]! - attacked[b]!);
      if (product >= 0) continue;
      total += 1;
      const strength = -product / (n * n);
      if (pairs.length >= limit && strength <= floor) continue;
      pairs.push({ a, b, strength });
      if (pairs.length > limit * 4) {
        pairs.sort(byStrength);
        pairs.length = limit;
        floor = pairs[pairs.length - 1]?.strength ?? 0;
      }
    }
  }
  pairs.sort(byStrength);
  return { pairs: pairs.slice(0, Math.max(0, limit)), total };
}

function byStrength(x: DiscordantPair, y: DiscordantPair): number {
  return y.strength - x.strength || x.a - y.a || x.b - y.b;
}
