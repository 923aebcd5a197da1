import { describe, expect, it } from 'vitest';
import { jitterAmplitude, pseudoMos, pseudoMosStd } from './pseudo-mos';

describe('pseudoMos', () => {
  it.each([
    // weight, strength, jitter, u, expected (95 − 90·w·s + (2u − 1)·J)
    [0.85, 0, 0, 0.5, 95],
    [0.85, 1, 0, 0.5, 18.5],
    [0.5, 0.5, 0, 0.9, 72.5],
    [0.9, 0.25, 2, 0, 74.75 - 2],
    [0.9, 0.25, 2, 1, 74.75 + 2],
    [1, 1, 2.5, 0, 2.5],
    [0, 0, 10, 1, 100], // clamped
  ])('w=%f s=%f J=%f u=%f → %f', (w, s, j, u, expected) => {
    expect(pseudoMos(w, s, j, u)).toBeCloseTo(expected, 9);
  });

  it('never lets adjacent levels swap, whatever the jitter draws', () => {
    for (const levels of [1, 2, 4, 7, 10]) {
      for (const weight of [0.65, 0.8, 0.9]) {
        const j = jitterAmplitude(levels, 0.65);
        for (let l = 1; l < levels; l++) {
          const worstHigher = pseudoMos(weight, (l + 1) / levels, j, 0.999999); // stronger level, jitter up
          const worstLower = pseudoMos(weight, l / levels, j, 0); // weaker level, jitter down
          expect(worstLower).toBeGreaterThan(worstHigher);
        }
      }
    }
  });

  it('keeps the std between 7 and 21, peaking mid-scale', () => {
    expect(pseudoMosStd(50, 0.5)).toBe(20);
    expect(pseudoMosStd(0, 0.5)).toBe(8);
    expect(pseudoMosStd(100, 0)).toBe(7);
  });
});
