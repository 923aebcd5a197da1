import { readFile } from 'node:fs/promises';
import { decodeRgb8 } from './decode-rgb8';
import { sourceName } from './image-info';
import { ImageIoError } from './image-io-error';
import { type ImageReadOptions } from './image-limits';
import { type RgbImage } from './rgb-image';

/** Reads a whole file, mapping fs errors to `FILE_UNREADABLE`. */
export async function readImageBytes(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (cause) {
    throw new ImageIoError('FILE_UNREADABLE', path, `cannot read: ${(cause as Error).message}`, { cause });
  }
}

function bytesToUnit(rgb: Uint8Array): Float32Array {
  const data = new Float32Array(rgb.length);
  for (let i = 0; i < rgb.length; i++) data[i] = rgb[i]! / 255;
  return data;
}

/**
 * Decodes PNG, JPEG, WebP, TIFF (through sharp) or BMP (own decoder) to an `RgbImage`: HWC RGB,
 * Float32 in [0, 1] (8-bit values / 255). The format comes from the magic bytes, never the extension.
 *
 * - EXIF orientation is applied (the returned size is the displayed one).
 * - Grey, palette, CMYK and ICC-tagged images are converted to sRGB (an embedded profile such as
 *   Adobe RGB is honoured); 16-bit images are reduced to 8 bits. `inspectImage` reports the conversion
 *   and the import records it: both decode through the same path as this function.
 * - Alpha is **dropped, not composited**: transparent pixels keep whatever colour they store.
 * - Multi-page TIFF / animated WebP: the first page or frame.
 * - Truncated or damaged files (bad CRC, premature end) are `CORRUPT_IMAGE`, never partial pixels.
 * - Images over `maxPixels` (default 40 MP) are refused from their header, before decoding (`TOO_LARGE`).
 */
export async function decodeImage(source: string | Uint8Array, options?: ImageReadOptions): Promise<RgbImage> {
  const file = sourceName(source, options);
  const bytes = typeof source === 'string' ? await readImageBytes(source) : source;
  const { rgb, width, height } = await decodeRgb8(bytes, file, options);
  return { data: bytesToUnit(rgb), height, width, channels: 3 };
}
