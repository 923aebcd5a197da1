import { describe, expect, it } from 'vitest';
import { psnr } from './psnr';
import { expectMetricsError } from './testing/expect-metrics-error';
import { imageFrom } from './testing/pattern-images';

describe('psnr', () => {
  it('is 10·log10(L²/MSE) for a known MSE', () => {
    const a = imageFrom(4, 5, 3, (y, x, c) => 0.1 * ((x + y + c) % 5));
    const b = imageFrom(4, 5, 3, (y, x, c) => 0.1 * ((x + y + c) % 5) + 0.1); // every difference 0.1: MSE 0.01
    expect(psnr(a, b)).toBeCloseTo(20, 12);
    // an uneven difference pattern (±0.05 or 0): MSE computed directly from the definition
    const c = imageFrom(4, 5, 3, (y, x, ch) => 0.1 * ((x + y + ch) % 5) + ((x + ch) % 2 === 0 ? (y % 2 === 0 ? 0.05 : -0.05) : 0));
    const mse = Array.from(a.data).reduce((s, v, i) => s + (v - (c.data[i] as number)) ** 2, 0) / a.data.length;
    expect(mse).toBeGreaterThan(0);
    expect(psnr(a, c)).toBeCloseTo(10 * Math.log10(1 / mse), 12);
  });

  it('uses the data range for 8-bit values', () => {
    const a = { data: new Uint8Array(12).fill(100), height: 2, width: 2, channels: 3 };
    const b = { data: new Uint8Array(12).fill(105), height: 2, width: 2, channels: 3 };
    expect(psnr(a, b, { dataRange: 255 })).toBeCloseTo(10 * Math.log10((255 * 255) / 25), 12);
  });

  it('is +Infinity for identical images', () => {
    const a = imageFrom(3, 3, 1, (y, x) => (x * y) / 9);
    expect(psnr(a, a)).toBe(Infinity);
  });

  it('rejects invalid images and options with typed errors', () => {
    const a = imageFrom(3, 4, 3, () => 0.5);
    expectMetricsError(() => psnr(a, imageFrom(4, 3, 3, () => 0.5)), 'LENGTH_MISMATCH', /3×4×3.*4×3×3/);
    expectMetricsError(() => psnr(a, { ...a, data: new Float64Array(35) }), 'INVALID_IMAGE', /35 values/);
    expectMetricsError(() => psnr(a, { ...a, height: 0, data: new Float64Array(0) }), 'INVALID_IMAGE', /height/);
    expectMetricsError(() => psnr(a, { ...a, data: Float64Array.from(a.data, (v, i) => (i === 7 ? NaN : v)) }), 'NON_FINITE', /b\.data\[7\]/);
    expectMetricsError(() => psnr(a, a, { dataRange: 0 }), 'INVALID_OPTION', /dataRange/);
  });
});
