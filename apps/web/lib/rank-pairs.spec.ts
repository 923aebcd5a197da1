import { describe, expect, it } from 'vitest';
import { averageRanks, discordantPairs } from './rank-pairs';

describe('averageRanks', () => {
  it.each([
    [[3, 1, 2], [3, 1, 2]],
    [[5, 5, 1], [2.5, 2.5, 1]],
    [[], []],
    [[7, 7, 7, 7], [2.5, 2.5, 2.5, 2.5]],
  ])('%j → %j', (values, ranks) => expect(averageRanks(values)).toEqual(ranks));
});

describe('discordantPairs', () => {
  const p = (clean: number, attacked: number) => ({ clean, attacked });

  it('finds no pair when the attack keeps the order', () => {
    expect(discordantPairs([p(1, 2), p(2, 3), p(3, 9)], 5)).toEqual({ pairs: [], total: 0 });
  });

  it('finds every flipped pair of a full reversal, strongest (furthest apart in both rankings) first', () => {
    const points = [p(1, 4), p(2, 3), p(3, 2), p(4, 1)];
    const { pairs, total } = discordantPairs(points, 2);
    expect(total).toBe(6);
    // The pair (0, 3) is 3 ranks apart clean and attacked: 9 / 16; then (0, 2) and (1, 3): 4 / 16.
    expect(pairs).toEqual([
      { a: 0, b: 3, strength: 9 / 16 },
      { a: 0, b: 2, strength: 4 / 16 },
    ]);
  });

  it('counts a pair tied on one side as not discordant, and bounds the list while counting every pair', () => {
    expect(discordantPairs([p(1, 5), p(1, 4)], 5).total).toBe(0);
    const reversed = Array.from({ length: 60 }, (_, i) => p(i, -i));
    const found = discordantPairs(reversed, 10);
    expect(found.total).toBe((60 * 59) / 2);
    expect(found.pairs).toHaveLength(10);
    expect(found.pairs[0]).toMatchObject({ a: 0, b: 59 });
    const strengths = found.pairs.map((pair) => pair.strength);
    expect(strengths).toEqual([...strengths].sort((x, y) => y - x));
  });

  it('returns nothing for a limit of zero but still counts', () => {
    expect(discordantPairs([p(1, 2), p(2, 1)], 0)).toEqual({ pairs: [], total: 1 });
  });
});
