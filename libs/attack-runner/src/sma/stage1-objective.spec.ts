import { readFileSync } from 'node:fs';
import { fixturePath, skipWithoutFixtures } from '@rankfall/testing';
import { describe, expect, it } from 'vitest';
import { meanSquaredError } from './mean-squared-error';
import { pearson } from './pearson';
import { SeededRandom } from './seeded-random';
import { softRank } from './soft-rank';
import { Stage1Objective } from './stage1-objective';
import { unbiasedVariance } from './unbiased-variance';

const weights = { softRankEps: 1, lambdaVar: 1e-4, lambdaMse: 1e-4 };

function randomScores(seed: number, n: number, scale: number): Float64Array {
  const random = SeededRandom.fromSeed(seed);
  return Float64Array.from({ length: n }, () => random.nextFloat() * scale);
}

describe('Stage1Objective', () => {
  it('has ρ̃ = 1 at ŝ = s (to 1e-12)', () => {
    const s = randomScores(1, 100, 100);
    const objective = new Stage1Objective(s, weights);
    objective.evaluate(s);
    expect(Math.abs(objective.softSpearman - 1)).toBeLessThan(1e-12);
  });

  it.skipIf(skipWithoutFixtures())('has ρ̃ = 1 at ŝ = s on the DBCNN fixture', () => {
    const rows = readFileSync(fixturePath('sma-dbcnn-livec-test.csv'), 'utf8').trim().split('\n').slice(1);
    const s = Float64Array.from(rows, (row) => Number(row.split(',')[1]));
    const objective = new Stage1Objective(s, weights);
    const loss = objective.evaluate(s);
    expect(Math.abs(objective.softSpearman - 1)).toBeLessThan(1e-12);
    expect(loss).toBeCloseTo(1 - 1e-4 * unbiasedVariance(s), 12);
  });

  it('composes the loss from the soft rank, Pearson, the unbiased variance and the MSE', () => {
    const s = randomScores(2, 30, 20);
    const sh = randomScores(3, 30, 20);
    const w = { softRankEps: 0.5, lambdaVar: 0.01, lambdaMse: 0.02 };
    const rs = softRank(s, 0.5).ranks;
    const rh = softRank(sh, 0.5).ranks.map((r) => r / 30);
    const expected = pearson(rs, rh) - 0.01 * unbiasedVariance(sh) - 0.02 * meanSquaredError(sh, s);
    const objective = new Stage1Objective(s, w);
    expect(objective.evaluate(sh)).toBeCloseTo(expected, 13);
    expect(objective.softSpearman).toBeCloseTo(pearson(rs, rh), 13);
  });

  it('gradient matches central finite differences of the loss (points with no PAV boundary within the step)', () => {
    const n = 30;
    const s = randomScores(4, n, 30);
    const sh = randomScores(5, n, 30);
    const w = { softRankEps: 1, lambdaVar: 0.01, lambdaMse: 0.005 };
    const objective = new Stage1Objective(s, w);
    const grad = new Float64Array(n);
    objective.evaluate(sh, grad);
    const blocksAt = (x: Float64Array): number[] => [...softRank(x, 1).blockStarts];
    const base = blocksAt(sh);
    expect(base.length).toBeGreaterThan(1);
    expect(base.length).toBeLessThan(n);
    const h = 1e-6;
    const fd = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const plus = sh.slice();
      const minus = sh.slice();
      plus[i] = sh[i]! + h;
      minus[i] = sh[i]! - h;
      expect(blocksAt(plus)).toEqual(base);
      expect(blocksAt(minus)).toEqual(base);
      const probe = new Stage1Objective(s, w);
      fd[i] = (probe.evaluate(plus) - probe.evaluate(minus)) / (2 * h);
    }
    const err = Math.hypot(...fd.map((x, i) => x - grad[i]!));
    expect(err / Math.hypot(...grad)).toBeLessThan(1e-6);
  });
});
