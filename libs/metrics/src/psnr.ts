import type { HwcImage } from './hwc-image';
import { assertSameShapeImages } from './validate-image';
import { assertOption } from './validate-samples';

export interface PsnrOptions {
  /** Peak-to-peak range of the pixel values L: 1 for [0,1] images (default), 255 for 8-bit values. */
  readonly dataRange?: number;
}

/**
 * PSNR, peak signal-to-noise ratio in dB, over every pixel and channel (RGB is not converted to luminance):
 *
 *     PSNR = 10 · log10( L² / MSE ),   MSE = (1/(H·W·C)) Σ (a − b)²
 *
 * Same as `skimage.metrics.peak_signal_noise_ratio(a, b, data_range=L)`. Identical images (MSE = 0) give
 * +Infinity; this is the documented value, not an error.
 *
 * @throws MetricsError `INVALID_IMAGE`, `LENGTH_MISMATCH` (shapes differ), `NON_FINITE`,
 * `INVALID_OPTION` (dataRange ≤ 0).
 */
export function psnr(a: HwcImage, b: HwcImage, options: PsnrOptions = {}): number {
  assertSameShapeImages('psnr', a, b);
  const dataRange = options.dataRange ?? 1;
  assertOption('psnr', 'dataRange', dataRange, (v) => v > 0, '> 0');
  const n = a.data.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = (a.data[i] as number) - (b.data[i] as number);
    sum += d * d;
  }
  const meanSquared = sum / n;
  return meanSquared === 0 ? Infinity : 10 * Math.log10((dataRange * dataRange) / meanSquared);
}
