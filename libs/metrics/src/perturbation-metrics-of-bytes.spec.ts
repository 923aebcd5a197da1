import { describe, expect, it } from 'vitest';
import { l2Distance } from './l2-distance';
import { linfDistance } from './linf-distance';
import { perturbationMetricsOfBytes } from './perturbation-metrics-of-bytes';
import { psnr } from './psnr';
import { ssim } from './ssim';
import { expectMetricsError } from './testing/expect-metrics-error';
import { patternPair } from './testing/pattern-images';

/** skimage SSIM of the 32×40 pattern pair (see ssim.spec.ts). */
const SCIPY_SSIM_RGB = 0.9279793480665135;

/** What an 8-bit decoder hands the model: Float32 value / 255. */
const decode = (bytes: Uint8Array) => Float32Array.from(bytes, (v) => v / 255);

/** H×W×3 bytes, all `value`. */
const flat = (height: number, width: number, value: number) => new Uint8Array(height * width * 3).fill(value);

describe('perturbationMetricsOfBytes', () => {
  const { a, b } = patternPair(32, 40);
  const clean = a.data as Uint8Array;
  const saved = b.data as Uint8Array;

  it('equals the float metrics on the decoded images, exactly (Uint8Array and Float32Array clean)', () => {
    const ca = { data: decode(clean), height: 32, width: 40, channels: 3 };
    const cb = { data: decode(saved), height: 32, width: 40, channels: 3 };
    const expected = { linf: linfDistance(ca.data, cb.data), l2: l2Distance(ca.data, cb.data), psnr: psnr(ca, cb), ssim: ssim(ca, cb) };
    expect(perturbationMetricsOfBytes(clean, saved, 32, 40)).toEqual(expected);
    expect(perturbationMetricsOfBytes(decode(clean), saved, 32, 40)).toEqual(expected);
  });

  it('matches the SciPy SSIM reference and the closed forms of the pattern pair', () => {
    const m = perturbationMetricsOfBytes(clean, saved, 32, 40);
    expect(m.ssim).toBeCloseTo(SCIPY_SSIM_RGB, 6);
    let maxDiff = 0;
    let sumSquares = 0;
    for (let i = 0; i < clean.length; i++) {
      const d = (saved[i] as number) - (clean[i] as number);
      maxDiff = Math.max(maxDiff, Math.abs(d));
      sumSquares += d * d;
    }
    expect(m.linf).toBeCloseTo(maxDiff / 255, 7);
    expect(m.l2).toBeCloseTo(Math.sqrt(sumSquares) / 255, 6);
    expect(m.psnr).toBeCloseTo(10 * Math.log10((255 * 255 * clean.length) / sumSquares), 5);
  });

  it.each([
    { what: 'identical images', height: 12, width: 12, clean: 100, saved: 100, linf: 0, l2: 0, psnr: Infinity, ssim: 1 },
    { what: 'every value +1 (one 8-bit step)', height: 12, width: 12, clean: 100, saved: 101, linf: 1 / 255, l2: Math.sqrt(432) / 255, psnr: 20 * Math.log10(255), ssim: null },
    { what: 'every value −3', height: 11, width: 13, clean: 200, saved: 197, linf: 3 / 255, l2: Math.sqrt(429 * 9) / 255, psnr: 10 * Math.log10(255 ** 2 / 9), ssim: null },
    { what: 'smaller than the SSIM window', height: 4, width: 30, clean: 0, saved: 2, linf: 2 / 255, l2: Math.sqrt(360 * 4) / 255, psnr: 10 * Math.log10(255 ** 2 / 4), ssim: 'none' },
  ] as const)('$what', ({ height, width, clean: c, saved: s, linf, l2, psnr: p, ssim: expectedSsim }) => {
    const m = perturbationMetricsOfBytes(flat(height, width, c), flat(height, width, s), height, width);
    expect(m.linf).toBeCloseTo(linf, 7);
    expect(m.l2).toBeCloseTo(l2, 5);
    if (p === Infinity) expect(m.psnr).toBe(Infinity);
    else expect(m.psnr).toBeCloseTo(p, 5);
    if (expectedSsim === 'none') expect(m.ssim).toBeNull();
    else if (expectedSsim === null) expect(m.ssim).toBeGreaterThan(0.99);
    else expect(m.ssim).toBe(expectedSsim);
  });

  it('reports the saved image: a float L∞ of 0.005 is one 8-bit step (0.0039) after rounding', () => {
    const height = 16;
    const width = 16;
    const cleanBytes = Uint8Array.from({ length: height * width * 3 }, (_, i) => 40 + (i % 150));
    const cleanFloat = decode(cleanBytes);
    const adversarialFloat = cleanFloat.map((v) => v + 0.005);
    const savedBytes = Uint8Array.from(adversarialFloat, (v) => Math.min(255, Math.max(0, Math.round(v * 255))));
    expect(linfDistance(cleanFloat, adversarialFloat)).toBeCloseTo(0.005, 6);
    const m = perturbationMetricsOfBytes(cleanFloat, savedBytes, height, width);
    expect(m.linf).toBeCloseTo(1 / 255, 7);
    const floatPsnr = psnr({ data: cleanFloat, height, width, channels: 3 }, { data: adversarialFloat, height, width, channels: 3 });
    expect(floatPsnr).toBeCloseTo(10 * Math.log10(1 / 0.005 ** 2), 3);
    expect(m.psnr).toBeCloseTo(20 * Math.log10(255), 4);
  });

  it.each([
    { what: 'a short clean image', clean: new Uint8Array(11), saved: new Uint8Array(12), height: 2, width: 2, code: 'INVALID_IMAGE' },
    { what: 'a short adversarial image', clean: new Uint8Array(12), saved: new Uint8Array(9), height: 2, width: 2, code: 'INVALID_IMAGE' },
    { what: 'a fractional height', clean: new Uint8Array(12), saved: new Uint8Array(12), height: 1.5, width: 2, code: 'INVALID_IMAGE' },
    { what: 'a NaN in the clean floats', clean: Float32Array.from({ length: 12 }, (_, i) => (i === 5 ? Number.NaN : 0.5)), saved: new Uint8Array(12), height: 2, width: 2, code: 'NON_FINITE' },
  ] as const)('refuses $what with $code', ({ clean: c, saved: s, height, width, code }) => {
    expectMetricsError(() => perturbationMetricsOfBytes(c, s, height, width), code);
  });
});
