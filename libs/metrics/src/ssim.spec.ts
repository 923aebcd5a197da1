import { describe, expect, it } from 'vitest';
import { ssim } from './ssim';
import { expectMetricsError } from './testing/expect-metrics-error';
import { channelOf, imageFrom, patternPair, toUnitRange } from './testing/pattern-images';

/**
 * Reference values from `testing/scipy-reference.py` (`ssim_pattern_32x40`): skimage's algorithm
 * (scipy.ndimage.gaussian_filter σ 1.5, truncate 3.5, reflect; mean over the interior cropped by 5) on the
 * luminance of the 32×40 pattern pair, NumPy 2.4 / SciPy 1.17.
 */
const SCIPY_SSIM_RGB = 0.9279793480665135;
const SCIPY_SSIM_GRAY_CHANNEL0 = 0.9180420161843954;

describe('ssim', () => {
  const { a, b } = patternPair(32, 40);

  it('matches the SciPy reference on RGB luminance, [0,1] float64 and 8-bit with dataRange 255', () => {
    expect(Math.abs(ssim(toUnitRange(a), toUnitRange(b)) - SCIPY_SSIM_RGB)).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(ssim(a, b, { dataRange: 255 }) - SCIPY_SSIM_RGB)).toBeLessThanOrEqual(1e-12);
  });

  it('matches the SciPy reference on a 1-channel image', () => {
    const ga = channelOf(toUnitRange(a), 0);
    const gb = channelOf(toUnitRange(b), 0);
    expect(Math.abs(ssim(ga, gb) - SCIPY_SSIM_GRAY_CHANNEL0)).toBeLessThanOrEqual(1e-12);
  });

  it('accepts Float32Array images (to float32 precision)', () => {
    expect(ssim(toUnitRange(a, 'float32'), toUnitRange(b, 'float32'))).toBeCloseTo(SCIPY_SSIM_RGB, 6);
  });

  it('is exactly 1 for identical images and symmetric', () => {
    expect(ssim(toUnitRange(a), toUnitRange(a))).toBe(1);
    expect(ssim(toUnitRange(b), toUnitRange(a))).toBeCloseTo(ssim(toUnitRange(a), toUnitRange(b)), 15);
  });

  it('equals (2a(a+c) + C1)/(a² + (a+c)² + C1) for constant images a and a + c', () => {
    const x = imageFrom(16, 16, 3, () => 0.5);
    const y = imageFrom(16, 16, 3, () => 0.6);
    // C1 = (0.01·1)² = 1e-4; the contrast-structure term is C2/C2 = 1
    expect(ssim(x, y)).toBeCloseTo((2 * 0.5 * 0.6 + 1e-4) / (0.25 + 0.36 + 1e-4), 12);
  });

  it('equals the mean luminance term at the valid centres for a ramp and the ramp shifted by c', () => {
    const height = 16;
    const width = 20;
    const ramp = (y: number, x: number) => 0.2 + 0.01 * x + 0.005 * y;
    const shift = 0.1;
    const c1 = 1e-4;
    // σ_a² = σ_b² = σ_ab (b − a is constant), so SSIM(p) = (2μ(μ+c) + C1)/(μ² + (μ+c)² + C1), μ = ramp at the centre.
    let expected = 0;
    for (let y = 5; y < height - 5; y++) {
      for (let x = 5; x < width - 5; x++) {
        const mu = ramp(y, x);
        expected += (2 * mu * (mu + shift) + c1) / (mu * mu + (mu + shift) ** 2 + c1);
      }
    }
    expected /= (height - 10) * (width - 10);
    const got = ssim(imageFrom(height, width, 1, ramp), imageFrom(height, width, 1, (y, x) => ramp(y, x) + shift));
    expect(got).toBeCloseTo(expected, 10);
  });

  it('falls as the distortion grows', () => {
    const clean = toUnitRange(a);
    const noisy = (amount: number) => ({ ...clean, data: Float64Array.from(clean.data, (v, i) => v + amount * (((i * 7919) % 13) - 6) / 6) });
    const values = [0.01, 0.05, 0.2].map((amount) => ssim(clean, noisy(amount)));
    expect(values[0]).toBeGreaterThan(values[1] as number);
    expect(values[1]).toBeGreaterThan(values[2] as number);
  });

  it('rejects invalid images and options with typed errors', () => {
    const small = imageFrom(10, 30, 3, () => 0.5);
    expectMetricsError(() => ssim(small, small), 'IMAGE_TOO_SMALL', /10×30/);
    const rgba = imageFrom(16, 16, 4, () => 0.5);
    expectMetricsError(() => ssim(rgba, rgba), 'INVALID_IMAGE', /got 4/);
    const x = imageFrom(16, 16, 3, () => 0.5);
    expectMetricsError(() => ssim(x, imageFrom(16, 17, 3, () => 0.5)), 'LENGTH_MISMATCH');
    expectMetricsError(() => ssim(x, { ...x, data: new Float64Array(10) }), 'INVALID_IMAGE');
    expectMetricsError(() => ssim(x, x, { windowSize: 8 }), 'INVALID_OPTION', /windowSize/);
    expectMetricsError(() => ssim(x, x, { sigma: 0 }), 'INVALID_OPTION', /sigma/);
    expectMetricsError(() => ssim(x, x, { dataRange: -1 }), 'INVALID_OPTION', /dataRange/);
    expectMetricsError(() => ssim(x, { ...x, data: Float64Array.from(x.data, (v, i) => (i === 0 ? Infinity : v)) }), 'NON_FINITE');
  });
});
