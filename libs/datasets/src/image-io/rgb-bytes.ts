import { ImageIoError } from './image-io-error';
import { type RgbImage } from './rgb-image';

/** Throws `INVALID_IMAGE` unless the image's size and data length agree. */
export function assertRgbImage(image: RgbImage, name = '<image>'): void {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new ImageIoError('INVALID_IMAGE', name, `invalid size ${width}×${height}`);
  }
  if (image.channels !== 3 || data.length !== width * height * 3) {
    throw new ImageIoError('INVALID_IMAGE', name, `data length ${data.length} is not ${width}×${height}×3`);
  }
}

/**
 * Quantises an image to 8-bit RGB: `round(x · 255)` clamped to [0, 255] (NaN becomes 0).
 * This is exactly what a saved PNG holds, so `rgbImageFromBytes(rgbImageToBytes(x))` is the image a
 * reader of the PNG sees.
 */
export function rgbImageToBytes(image: RgbImage): Uint8Array {
  const { data } = image;
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = Math.round(data[i]! * 255);
    out[i] = v > 255 ? 255 : v > 0 ? v : 0;
  }
  return out;
}

/** 8-bit HWC RGB bytes to an `RgbImage` (value / 255). */
export function rgbImageFromBytes(rgb: Uint8Array, width: number, height: number): RgbImage {
  const data = new Float32Array(rgb.length);
  for (let i = 0; i < rgb.length; i++) data[i] = rgb[i]! / 255;
  const image: RgbImage = { data, width, height, channels: 3 };
  assertRgbImage(image);
  return image;
}
