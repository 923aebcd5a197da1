import { l2Distance, linfDistance, MetricsError, psnr, ssim } from '@rankfall/metrics';

/** How far an adversarial image is from its clean image ([0,1] pixel units). */
export interface PerturbationMetrics {
  readonly linf: number;
  readonly l2: number;
  /** dB; +Infinity for identical images. */
  readonly psnr: number;
  /** Luminance SSIM of `@rankfall/metrics`; null when the image is smaller than the 11×11 window. */
  readonly ssim: number | null;
}

/**
 * L∞, L2, PSNR and SSIM per image, on the host from the final NHWC arrays (float64 arithmetic on the float32
 * values), with `@rankfall/metrics`.
 */
export function perturbationMetrics(
  clean: Float32Array,
  adversarial: Float32Array,
  shape: readonly [number, number, number, number],
): PerturbationMetrics[] {
  const [n, height, width, channels] = shape;
  const size = height * width * channels;
  return Array.from({ length: n }, (_, i) => {
    const a = clean.subarray(i * size, (i + 1) * size);
    const b = adversarial.subarray(i * size, (i + 1) * size);
    const imageA = { data: a, height, width, channels };
    const imageB = { data: b, height, width, channels };
    let structural: number | null;
    try {
      structural = ssim(imageA, imageB);
    } catch (error) {
      if (!(error instanceof MetricsError && error.code === 'IMAGE_TOO_SMALL')) throw error;
      structural = null;
    }
    return { linf: linfDistance(a, b), l2: l2Distance(a, b), psnr: psnr(imageA, imageB), ssim: structural };
  });
}
