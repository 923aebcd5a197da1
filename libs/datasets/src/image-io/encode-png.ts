import sharp from 'sharp';
import { assertRgbImage, rgbImageToBytes } from './rgb-bytes';
import { type RgbImage } from './rgb-image';

/**
 * Encodes an `RgbImage` as a lossless 8-bit RGB PNG (values `round(x · 255)`, clamped), without
 * metadata. The same image always gives the same bytes (fixed zlib level and filtering).
 */
export async function encodePng(image: RgbImage): Promise<Buffer> {
  assertRgbImage(image);
  const bytes = rgbImageToBytes(image);
  return sharp(bytes, { raw: { width: image.width, height: image.height, channels: 3 } })
    .png({ compressionLevel: 9, adaptiveFiltering: false, palette: false })
    .toBuffer();
}
