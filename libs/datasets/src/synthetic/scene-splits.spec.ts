import { describe, expect, it } from 'vitest';
import { assignSceneSplits, splitSizes } from './scene-splits';
import { SeededRandom } from './seeded-random';

const DEFAULT = { train: 0.7, val: 0.15, test: 0.15 };

describe('splitSizes', () => {
  it.each([
    // n, fractions, expected (largest remainder: 24·0.7 = 16.8, 24·0.15 = 3.6 → 16+1, 3+1, 3)
    [24, DEFAULT, { train: 17, val: 4, test: 3 }],
    [20, DEFAULT, { train: 14, val: 3, test: 3 }],
    [3, DEFAULT, { train: 1, val: 1, test: 1 }],
    [4, DEFAULT, { train: 2, val: 1, test: 1 }],
    [10, { train: 1, val: 0, test: 0 }, { train: 10, val: 0, test: 0 }],
    [10, { train: 8, val: 1, test: 1 }, { train: 8, val: 1, test: 1 }],
  ])('%i scenes with %j → %j', (n, fractions, expected) => {
    expect(splitSizes(n, fractions)).toEqual(expected);
  });
});

describe('assignSceneSplits', () => {
  it('assigns every scene exactly one split with the computed sizes, reproducibly', () => {
    const a = assignSceneSplits(24, DEFAULT, new SeededRandom('s'));
    const b = assignSceneSplits(24, DEFAULT, new SeededRandom('s'));
    const c = assignSceneSplits(24, DEFAULT, new SeededRandom('t'));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a.filter((s) => s === 'train')).toHaveLength(17);
    expect(a.filter((s) => s === 'val')).toHaveLength(4);
    expect(a.filter((s) => s === 'test')).toHaveLength(3);
  });
});
