import type { HwcImage } from '../hwc-image';

/**
 * The integer-formula image pair of `scipy-reference.py` (`pattern_pair`), specs only. On the 0–255 scale:
 *   a[y, x, c] = (7x + 13y + 29c + (x·y mod 17)) mod 256
 *   b[y, x, c] = clip(a + 4·(((7x + 3y + c) mod 11) − 5), 0, 255)
 * Returned as 8-bit values; `toUnitRange` gives the [0,1] version.
 */
export function patternPair(height: number, width: number): { a: HwcImage; b: HwcImage } {
  const a = new Uint8Array(height * width * 3);
  const b = new Uint8Array(height * width * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        const i = (y * width + x) * 3 + c;
        const va = (7 * x + 13 * y + 29 * c + ((x * y) % 17)) % 256;
        a[i] = va;
        b[i] = Math.min(255, Math.max(0, va + 4 * (((7 * x + 3 * y + c) % 11) - 5)));
      }
    }
  }
  return { a: { data: a, height, width, channels: 3 }, b: { data: b, height, width, channels: 3 } };
}

/** The same image divided by 255, as float64 (or float32 when asked). */
export function toUnitRange(image: HwcImage, type: 'float64' | 'float32' = 'float64'): HwcImage {
  const values = Array.from(image.data, (v) => v / 255);
  return { ...image, data: type === 'float64' ? Float64Array.from(values) : Float32Array.from(values) };
}

/** Channel `c` of an HWC image as a 1-channel image. */
export function channelOf(image: HwcImage, c: number): HwcImage {
  const n = image.height * image.width;
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = image.data[i * image.channels + c] as number;
  return { data, height: image.height, width: image.width, channels: 1 };
}

/** An image whose every value comes from `value(y, x, c)`. */
export function imageFrom(height: number, width: number, channels: number, value: (y: number, x: number, c: number) => number): HwcImage {
  const data = new Float64Array(height * width * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) data[(y * width + x) * channels + c] = value(y, x, c);
    }
  }
  return { data, height, width, channels };
}
