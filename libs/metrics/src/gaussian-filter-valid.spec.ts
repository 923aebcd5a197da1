import { describe, expect, it } from 'vitest';
import { gaussianFilterValid, gaussianWindow } from './gaussian-filter-valid';
import { uniformFloats } from './testing/random-samples';

describe('gaussianWindow', () => {
  it('is a normalised, symmetric Gaussian of the given σ', () => {
    const w = gaussianWindow(11, 1.5);
    expect(w.length).toBe(11);
    expect(w.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 15);
    for (let k = 0; k < 11; k++) expect(w[k]).toBe(w[10 - k]);
    // w_k / w_{k+1} = exp(((k+1−5)² − (k−5)²)/(2σ²)), e.g. the centre over its neighbour: exp(1/4.5)
    expect((w[5] as number) / (w[4] as number)).toBeCloseTo(Math.exp(1 / 4.5), 14);
    expect((w[5] as number) / (w[0] as number)).toBeCloseTo(Math.exp(25 / 4.5), 10);
  });
});

describe('gaussianFilterValid', () => {
  it('equals the direct 2-D weighted sum over each fully inside window', () => {
    const height = 15;
    const width = 19;
    const plane = Float64Array.from(uniformFloats(71, height * width));
    const w = gaussianWindow(11, 1.5);
    const out = gaussianFilterValid(plane, height, width, w);
    expect(out.length).toBe(5 * 9);
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < 9; j++) {
        let direct = 0;
        for (let u = 0; u < 11; u++) {
          for (let v = 0; v < 11; v++) direct += (w[u] as number) * (w[v] as number) * (plane[(i + u) * width + (j + v)] as number);
        }
        expect(out[i * 9 + j]).toBeCloseTo(direct, 14);
      }
    }
  });

  it('reproduces a linear ramp at the window centres (symmetric, normalised window)', () => {
    const height = 12;
    const width = 13;
    const plane = Float64Array.from({ length: height * width }, (_, k) => 0.3 + 0.02 * (k % width) - 0.01 * Math.floor(k / width));
    const out = gaussianFilterValid(plane, height, width, gaussianWindow(11, 1.5));
    expect(out.length).toBe(2 * 3);
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 3; j++) expect(out[i * 3 + j]).toBeCloseTo(plane[(i + 5) * width + (j + 5)] as number, 14);
    }
  });
});
