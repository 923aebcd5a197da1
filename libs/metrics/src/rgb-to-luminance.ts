import type { HwcImage } from './hwc-image';
import { MetricsError } from './metrics-error';

/**
 * The luminance plane of an image as float64, row-major H×W (internal; SSIM works on it):
 * Y = 0.299 R + 0.587 G + 0.114 B for 3 channels (ITU-R BT.601 luma weights, no offset, on the input's own
 * scale), a copy for 1 channel. The image must have been validated.
 *
 * @throws MetricsError `INVALID_IMAGE` for any other channel count.
 */
export function rgbToLuminance(metric: string, image: HwcImage): Float64Array {
  const { data, height, width, channels } = image;
  const n = height * width;
  const out = new Float64Array(n);
  if (channels === 1) {
    for (let i = 0; i < n; i++) out[i] = data[i] as number;
  } else if (channels === 3) {
    for (let i = 0; i < n; i++) {
      out[i] = 0.299 * (data[3 * i] as number) + 0.587 * (data[3 * i + 1] as number) + 0.114 * (data[3 * i + 2] as number);
    }
  } else {
    throw new MetricsError('INVALID_IMAGE', `${metric}: images must have 1 (gray) or 3 (RGB) channels, got ${channels}`);
  }
  return out;
}
