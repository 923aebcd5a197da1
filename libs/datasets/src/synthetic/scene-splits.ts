import { type DatasetSplit } from '../importers/dataset-manifest';
import { type SeededRandom } from './seeded-random';

export type SplitFractions = Readonly<Record<DatasetSplit, number>>;

const ORDER: readonly DatasetSplit[] = ['train', 'val', 'test'];

/**
 * Split sizes for `n` scenes by the largest-remainder method, giving every split with a positive
 * fraction at least one scene when n allows it.
 */
export function splitSizes(n: number, fractions: SplitFractions): Record<DatasetSplit, number> {
  const total = ORDER.reduce((s, k) => s + fractions[k], 0);
  const exact = ORDER.map((k) => (n * fractions[k]) / total);
  const sizes = exact.map(Math.floor);
  const byRemainder = ORDER.map((_, i) => i).sort((a, b) => exact[b]! - sizes[b]! - (exact[a]! - sizes[a]!) || a - b);
  for (let r = 0; sizes.reduce((s, v) => s + v, 0) < n; r++) sizes[byRemainder[r % 3]!]! += 1;
  // Make sure each wanted split has a scene, taking from the largest.
  for (let i = 0; i < 3; i++) {
    if (fractions[ORDER[i]!] > 0 && sizes[i] === 0) {
      const largest = sizes.indexOf(Math.max(...sizes));
      if (sizes[largest]! > 1) {
        sizes[largest]! -= 1;
        sizes[i] = 1;
      }
    }
  }
  return { train: sizes[0]!, val: sizes[1]!, test: sizes[2]! };
}

/** Assigns each scene index 0..n−1 a split: a seeded shuffle, then train, val, test in that order. */
export function assignSceneSplits(n: number, fractions: SplitFractions, rng: SeededRandom): DatasetSplit[] {
  const sizes = splitSizes(n, fractions);
  const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  const splits = new Array<DatasetSplit>(n);
  let next = 0;
  for (const split of ORDER) {
    for (let k = 0; k < sizes[split]; k++) splits[order[next++]!] = split;
  }
  return splits;
}
