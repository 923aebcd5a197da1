import { readFileSync } from 'node:fs';
import { fixturePath, skipWithoutFixtures } from '@rankfall/testing';
import { describe, expect, it } from 'vitest';
import { averageRankSpearman } from './average-rank-spearman';

function readColumns(file: string, a: string, b: string): [number[], number[]] {
  const [header, ...rows] = readFileSync(fixturePath(file), 'utf8').trim().split('\n');
  const names = header!.split(',');
  const ia = names.indexOf(a);
  const ib = names.indexOf(b);
  const cells = rows.map((row) => row.split(',').map(Number));
  return [cells.map((c) => c[ia]!), cells.map((c) => c[ib]!)];
}

describe('averageRankSpearman', () => {
  it('is 1 − 6Σd²/(n(n²−1)) without ties', () => {
    // ranks [1..5] vs [2,1,4,3,5]: Σd² = 4 → 1 − 24/120 = 0.8.
    expect(averageRankSpearman([10, 20, 30, 40, 50], [2, 1, 4, 3, 5])).toBeCloseTo(0.8, 14);
  });

  describe.skipIf(skipWithoutFixtures())('agrees with scipy.stats.spearmanr (fixtures)', () => {
    const expected = JSON.parse(readFileSync(fixturePath('metrics-expected.json'), 'utf8')) as Record<string, { srocc: number }>;
    const expectedFor = (prefix: string): number => Object.entries(expected).find(([k]) => k.startsWith(prefix))![1].srocc;

    it.each([
      ['metrics-ties-small.csv', 'a', 'b'],
      ['metrics-ties-binary-targets.csv', 'prediction', 'target'],
      ['sma-dbcnn-livec-test.csv', 'prediction', 'mos'],
    ])('%s', (file, a, b) => {
      const [x, y] = readColumns(file, a, b);
      expect(Math.abs(averageRankSpearman(x, y) - expectedFor(file))).toBeLessThan(1e-12);
    });
  });
});
