import { gaussianFilterValid, gaussianWindow } from './gaussian-filter-valid';
import type { HwcImage } from './hwc-image';
import { MetricsError } from './metrics-error';
import { rgbToLuminance } from './rgb-to-luminance';
import { assertSameShapeImages } from './validate-image';
import { assertOption } from './validate-samples';

export interface SsimOptions {
  /** Dynamic range L of the pixel values: 1 for [0,1] images (default), 255 for 8-bit values. */
  readonly dataRange?: number;
  /** Side of the square Gaussian window, odd; default 11. */
  readonly windowSize?: number;
  /** Standard deviation of the Gaussian window in pixels; default 1.5. */
  readonly sigma?: number;
  /** C1 = (k1·L)²; default 0.01. */
  readonly k1?: number;
  /** C2 = (k2·L)²; default 0.03. */
  readonly k2?: number;
}

/**
 * SSIM, structural similarity (Wang, Bovik, Sheikh, Simoncelli, "Image quality assessment: from error
 * visibility to structural similarity", IEEE TIP 2004), mean of the SSIM map:
 *
 *     SSIM(p) = (2 μ_a μ_b + C1)(2 σ_ab + C2) / ((μ_a² + μ_b² + C1)(σ_a² + σ_b² + C2)),
 *     C1 = (K1 L)², C2 = (K2 L)²
 *
 * Exactly this variant:
 * - RGB input is reduced to luminance Y = 0.299 R + 0.587 G + 0.114 B first (1-channel input is used as
 *   is; other channel counts are rejected);
 * - μ, σ², σ_ab are Gaussian-weighted local moments (11×11 window, σ = 1.5, weights normalised to sum 1,
 *   applied as two separable 1-D passes), with population (not sample) covariance:
 *   σ_a² = G∗(a²) − μ_a², σ_ab = G∗(ab) − μ_a μ_b;
 * - the map is evaluated only at 'valid' positions, where the whole window lies inside the image, and
 *   averaged over them ((H − 10)·(W − 10) positions for the default window);
 * - no automatic downsampling (unlike Wang's `ssim.m`, which downsamples images larger than 256 px).
 * This equals `skimage.metrics.structural_similarity(Ya, Yb, gaussian_weights=True, sigma=1.5,
 * use_sample_covariance=False, data_range=L)` on the luminance planes: skimage filters with reflected
 * borders and then averages only the interior cropped by (win − 1)/2, i.e. the same valid positions.
 * Identical images give exactly 1.
 *
 * @throws MetricsError `INVALID_IMAGE` (bad shape or channel count), `LENGTH_MISMATCH` (shapes differ),
 * `NON_FINITE`, `IMAGE_TOO_SMALL` (smaller than the window), `INVALID_OPTION`.
 */
export function ssim(a: HwcImage, b: HwcImage, options: SsimOptions = {}): number {
  assertSameShapeImages('ssim', a, b);
  const dataRange = options.dataRange ?? 1;
  const windowSize = options.windowSize ?? 11;
  const sigma = options.sigma ?? 1.5;
  const k1 = options.k1 ?? 0.01;
  const k2 = options.k2 ?? 0.03;
  assertOption('ssim', 'dataRange', dataRange, (v) => v > 0, '> 0');
  assertOption('ssim', 'windowSize', windowSize, (v) => Number.isInteger(v) && v >= 1 && v % 2 === 1, 'an odd positive integer');
  assertOption('ssim', 'sigma', sigma, (v) => v > 0, '> 0');
  assertOption('ssim', 'k1', k1, (v) => v > 0, '> 0');
  assertOption('ssim', 'k2', k2, (v) => v > 0, '> 0');
  const { height, width } = a;
  if (height < windowSize || width < windowSize) {
    throw new MetricsError(
      'IMAGE_TOO_SMALL',
      `ssim: images are ${height}×${width}, smaller than the ${windowSize}×${windowSize} window`,
    );
  }
  const ya = rgbToLuminance('ssim', a);
  const yb = rgbToLuminance('ssim', b);
  const n = height * width;
  const aa = new Float64Array(n);
  const bb = new Float64Array(n);
  const ab = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const va = ya[i] as number;
    const vb = yb[i] as number;
    aa[i] = va * va;
    bb[i] = vb * vb;
    ab[i] = va * vb;
  }
  const window = gaussianWindow(windowSize, sigma);
  const muA = gaussianFilterValid(ya, height, width, window);
  const muB = gaussianFilterValid(yb, height, width, window);
  const mAA = gaussianFilterValid(aa, height, width, window);
  const mBB = gaussianFilterValid(bb, height, width, window);
  const mAB = gaussianFilterValid(ab, height, width, window);
  const c1 = (k1 * dataRange) ** 2;
  const c2 = (k2 * dataRange) ** 2;
  let sum = 0;
  for (let p = 0; p < muA.length; p++) {
    const ma = muA[p] as number;
    const mb = muB[p] as number;
    const varA = (mAA[p] as number) - ma * ma;
    const varB = (mBB[p] as number) - mb * mb;
    const cov = (mAB[p] as number) - ma * mb;
    sum += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (varA + varB + c2));
  }
  return sum / muA.length;
}
