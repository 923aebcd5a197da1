import { l2Distance } from './l2-distance';
import { linfDistance } from './linf-distance';
import { MetricsError } from './metrics-error';
import { psnr } from './psnr';
import { ssim } from './ssim';
import { assertImage } from './validate-image';

/** How far a saved 8-bit adversarial image is from its clean image, in [0,1] pixel units. */
export interface BytePerturbationMetrics {
  readonly linf: number;
  readonly l2: number;
  /** dB, peak 1; +Infinity for identical images. */
  readonly psnr: number;
  /** Luminance SSIM (`ssim`); null when the image is smaller than the 11×11 window. */
  readonly ssim: number | null;
}

/** 8-bit values as the decoder hands them to the model: Float32 `v / 255`. */
function toUnit(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = (bytes[i] as number) / 255;
  return out;
}

/**
 * L∞, L2, PSNR and SSIM of the saved 8-bit adversarial image (the one whose score is reported) against
 * the clean image, exactly as the float metrics would be computed on the decoded images: bytes become
 * Float32 `v / 255` (what the image decoder gives the model), then `linfDistance`, `l2Distance`,
 * `psnr` (data range 1) and `ssim` run on those values. `cleanRgb` is 8-bit bytes or the clean image's
 * [0,1] Float32 values; both images are H×W×3, HWC interleaved. Use this, not the float result of the
 * attack, for the numbers stored beside the attacked score: rounding to 8 bits changes them (a float
 * L∞ of 0.005 is one 8-bit step, 0.0039, after rounding).
 *
 * @throws MetricsError `INVALID_IMAGE` (a length is not height·width·3, or a bad size), `NON_FINITE`.
 */
export function perturbationMetricsOfBytes(
  cleanRgb: Uint8Array | Float32Array,
  adversarialRgb: Uint8Array,
  height: number,
  width: number,
): BytePerturbationMetrics {
  const clean = { data: cleanRgb instanceof Float32Array ? cleanRgb : toUnit(cleanRgb), height, width, channels: 3 };
  const adversarial = { data: toUnit(adversarialRgb), height, width, channels: 3 };
  assertImage('perturbationMetricsOfBytes', 'cleanRgb', clean);
  assertImage('perturbationMetricsOfBytes', 'adversarialRgb', adversarial);
  let structural: number | null;
  try {
    structural = ssim(clean, adversarial);
  } catch (error) {
    if (!(error instanceof MetricsError && error.code === 'IMAGE_TOO_SMALL')) throw error;
    structural = null;
  }
  return {
    linf: linfDistance(clean.data, adversarial.data),
    l2: l2Distance(clean.data, adversarial.data),
    psnr: psnr(clean, adversarial),
    ssim: structural,
  };
}
