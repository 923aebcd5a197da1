import { describe, expect, it } from 'vitest';
import { SeededRandom } from './seeded-random';
import { softRank } from './soft-rank';

function randomVector(seed: number, n: number, scale = 1): number[] {
  const random = SeededRandom.fromSeed(seed);
  return Array.from({ length: n }, () => random.nextFloat() * scale);
}

/** Hard ascending ranks 1…n (largest gets n); input without ties. */
function hardRanks(x: number[]): number[] {
  const order = x.map((_, i) => i).sort((a, b) => x[a]! - x[b]!);
  const ranks = new Array<number>(x.length);
  order.forEach((idx, k) => (ranks[idx] = k + 1));
  return ranks;
}

describe('softRank (L2, ascending)', () => {
  it('equals the hard ranks as eps → 0 (eps = 1e-6, random data without ties)', () => {
    const x = randomVector(11, 200);
    const sorted = [...x].sort((a, b) => a - b);
    const minGap = Math.min(...sorted.slice(1).map((v, i) => v - sorted[i]!));
    expect(minGap).toBeGreaterThan(1e-5); // precondition: θ/eps has gaps > 1, so nothing is pooled
    const { ranks } = softRank(x, 1e-6);
    const expected = hardRanks(x);
    ranks.forEach((r, i) => expect(Math.abs(r - expected[i]!)).toBeLessThan(1e-9));
  });

  // Hand-computed PAV (SMA.md §2.2): z = θ/eps, σ descending, y = z_s − (n, …, 1), v = PAV(y),
  // r[σ[k]] = z_s[k] − v[k].
  it.each([
    // z_s = [1.2, 1], y = [−0.8, 0] pools to −0.4 → primal [1.6, 1.4].
    { theta: [1, 1.2], eps: 1, ranks: [1.4, 1.6], blocks: 1 },
    // z = [10, 12]: y = [10, 9] is already decreasing → hard ranks.
    { theta: [1, 1.2], eps: 0.1, ranks: [1, 2], blocks: 2 },
    // z_s = [3, 0], y = [1, −1] → hard ranks.
    { theta: [0, 3], eps: 1, ranks: [1, 2], blocks: 2 },
    // z_s = [3, 0.5, 0], y = [0, −1.5, −1] → v = [0, −1.25, −1.25] → primal [3, 1.75, 1.25].
    { theta: [0, 0.5, 3], eps: 1, ranks: [1.25, 1.75, 3], blocks: 2 },
    // All tied: one block, every rank the mean rank 2.
    { theta: [5, 5, 5], eps: 1, ranks: [2, 2, 2], blocks: 1 },
    // eps scales θ: θ = [0, 1, 6] with eps 2 is the [0, 0.5, 3] case.
    { theta: [0, 1, 6], eps: 2, ranks: [1.25, 1.75, 3], blocks: 2 },
  ])('θ = $theta, eps = $eps → $ranks', ({ theta, eps, ranks, blocks }) => {
    const result = softRank(theta, eps);
    [...result.ranks].forEach((r, i) => expect(r).toBeCloseTo(ranks[i]!, 13));
    expect(result.blockStarts.length).toBe(blocks);
  });

  it('has the VJP of a pooled block: u − mean(u) inside the block, divided by eps', () => {
    expect([...softRank([1, 1.2], 1).vjp([1, 0])]).toEqual([0.5, -0.5]);
    expect([...softRank([0, 1, 6], 2).vjp([1, 2, 4])]).toEqual([-0.25, 0.25, 0]);
  });

  it('sums to n(n+1)/2 and is permutation-equivariant', () => {
    const x = randomVector(3, 50, 30);
    const { ranks } = softRank(x, 1);
    expect(ranks.reduce((a, b) => a + b, 0)).toBeCloseTo((50 * 51) / 2, 9);
    const perm = x.map((_, i) => (i * 7) % 50);
    const permuted = softRank(
      perm.map((i) => x[i]!),
      1,
    ).ranks;
    perm.forEach((i, k) => expect(permuted[k]).toBe(ranks[i]));
  });

  it('VJP matches central finite differences of a random linear functional', () => {
    const n = 40;
    const eps = 0.7;
    const theta = randomVector(21, n, 40);
    const u = randomVector(22, n).map((x) => x - 0.5);
    const h = 1e-6;
    const base = softRank(theta, eps);
    const f = (t: number[]): number => softRank(t, eps).ranks.reduce((acc, r, i) => acc + r * u[i]!, 0);
    const analytic = base.vjp(u);
    const fd = theta.map((_, i) => {
      const plus = [...theta];
      const minus = [...theta];
      plus[i] = theta[i]! + h;
      minus[i] = theta[i]! - h;
      // Precondition: the step crosses no PAV block boundary.
      expect([...softRank(plus, eps).blockStarts]).toEqual([...base.blockStarts]);
      expect([...softRank(minus, eps).blockStarts]).toEqual([...base.blockStarts]);
      return (f(plus) - f(minus)) / (2 * h);
    });
    expect(base.blockStarts.length).toBeGreaterThan(1);
    expect(base.blockStarts.length).toBeLessThan(n); // some pooling happens, so the test exercises blocks
    const err = Math.hypot(...fd.map((x, i) => x - analytic[i]!));
    expect(err / Math.hypot(...analytic)).toBeLessThan(1e-6);
  });

  it('rejects non-finite input and a non-positive eps', () => {
    expect(() => softRank([1, Number.NaN], 1)).toThrow(/non-finite/);
    expect(() => softRank([1, 2], 0)).toThrow(/eps/);
  });
});
