import { describe, expect, it } from 'vitest';
import { mulberry32 } from './mulberry32';

/** First outputs from the independent Python implementation in `testing/scipy-reference.py` (`mulberry32`). */
const REFERENCE = {
  1: [0.6270739405881613, 0.002735721180215478, 0.5274470399599522, 0.9810509674716741, 0.9683778982143849],
  919: [0.12680238159373403, 0.7246935802977532, 0.12189114117063582, 0.8525944629218429, 0.5199447988998145],
} as const;

describe('mulberry32', () => {
  it.each([1, 919] as const)('produces the reference sequence for seed %i', (seed) => {
    const random = mulberry32(seed);
    expect(Array.from({ length: 5 }, () => random())).toEqual(REFERENCE[seed]);
  });

  it('repeats for the same seed and differs for another', () => {
    const draw = (seed: number) => {
      const random = mulberry32(seed);
      return Array.from({ length: 100 }, () => random());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('draws uniformly from [0, 1)', () => {
    const random = mulberry32(2024);
    const n = 100_000;
    const bins = new Array<number>(10).fill(0);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const u = random();
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
      const bin = Math.floor(u * 10);
      bins[bin] = (bins[bin] as number) + 1;
    }
    // mean: standard error sqrt(1/12/n) ≈ 0.0009; each bin: n/10 ± 3·sqrt(n·0.09) ≈ ±285
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.005);
    for (const count of bins) expect(Math.abs(count - n / 10)).toBeLessThan(600);
  });
});
