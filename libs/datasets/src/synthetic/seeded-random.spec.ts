import { describe, expect, it } from 'vitest';
import { SeededRandom } from './seeded-random';

const take = (rng: SeededRandom, n: number): number[] => Array.from({ length: n }, () => rng.nextUint32());

describe('SeededRandom', () => {
  it('is deterministic per label and differs between labels and derived streams', () => {
    expect(take(new SeededRandom('seed-1'), 8)).toEqual(take(new SeededRandom('seed-1'), 8));
    expect(take(new SeededRandom('seed-1'), 8)).not.toEqual(take(new SeededRandom('seed-2'), 8));
    const root = new SeededRandom('x');
    expect(take(root.derive('scene', 1), 4)).toEqual(take(new SeededRandom('x').derive('scene', 1), 4));
    expect(take(root.derive('scene', 1), 4)).not.toEqual(take(root.derive('scene', 2), 4));
  });

  it('gives uniform values with the right moments (n = 100,000)', () => {
    const rng = new SeededRandom('moments');
    const n = 100_000;
    let sum = 0;
    let sumSq = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      sum += u;
      sumSq += u * u;
      min = Math.min(min, u);
      max = Math.max(max, u);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(sum / n).toBeCloseTo(0.5, 2); // sd of the mean 0.0009
    expect(sumSq / n - (sum / n) ** 2).toBeCloseTo(1 / 12, 2);
  });

  it('gives standard normals (mean 0, variance 1 within 3 standard errors)', () => {
    const rng = new SeededRandom('normal');
    const n = 50_000;
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      sum += z;
      sumSq += z * z;
    }
    expect(Math.abs(sum / n)).toBeLessThan(3 / Math.sqrt(n));
    expect(Math.abs(sumSq / n - 1)).toBeLessThan(3 * Math.sqrt(2 / n));
  });

  it('shuffles to a permutation and int stays in range', () => {
    const rng = new SeededRandom('perm');
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = rng.shuffle(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
    expect(shuffled).not.toEqual(items);
    for (let i = 0; i < 1000; i++) expect(rng.int(7)).toBeLessThan(7);
  });
});
