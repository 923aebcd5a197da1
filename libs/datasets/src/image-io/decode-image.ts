import { readFile } from 'node:fs/promises';
import sharp, { type OutputInfo } from 'sharp';
import { decodeBmp } from './bmp-decoder';
import { readBmpHeader } from './bmp-header';
import { checkPixelLimit, requireImageFormat, sharpImageSize, sourceName } from './image-info';
import { ImageIoError } from './image-io-error';
import { DEFAULT_MAX_PIXELS, type ImageReadOptions } from './image-limits';
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

async function decodeWithSharp(bytes: Uint8Array, file: string, maxPixels: number): Promise<RgbImage> {
  let result: { data: Buffer; info: OutputInfo };
  try {
    result = await sharp(bytes, { failOn: 'error', limitInputPixels: Math.max(1, Math.floor(maxPixels)) })
      .rotate() // honour EXIF orientation
      .toColourspace('srgb') // grey, CMYK and ICC-tagged images become sRGB
      .removeAlpha() // alpha is dropped, not composited
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch (cause) {
    throw new ImageIoError('CORRUPT_IMAGE', file, `cannot decode: ${(cause as Error).message.split('\n')[0]}`, { cause });
  }
  const { width, height, channels } = result.info;
  if (channels !== 3 || result.data.length !== width * height * 3) {
    throw new ImageIoError('CORRUPT_IMAGE', file, `decoder returned ${channels} channels for ${width}×${height}`);
  }
  return { data: bytesToUnit(result.data), height, width, channels: 3 };
}

/**
 * Decodes PNG, JPEG, WebP, TIFF (through sharp) or BMP (own decoder) to an `RgbImage`: HWC RGB,
 * Float32 in [0, 1] (8-bit values / 255). The format comes from the magic bytes, never the extension.
 *
 * - EXIF orientation is applied (the returned size is the displayed one).
 * - Grey, palette, CMYK and ICC-tagged images are converted to sRGB; 16-bit images are reduced to 8 bits.
 * - Alpha is **dropped, not composited**: transparent pixels keep whatever colour they store.
 * - Multi-page TIFF / animated WebP: the first page or frame.
 * - Images over `maxPixels` (default 40 MP) are refused from their header, before decoding (`TOO_LARGE`).
 */
export async function decodeImage(source: string | Uint8Array, options?: ImageReadOptions): Promise<RgbImage> {
  const file = sourceName(source, options);
  const bytes = typeof source === 'string' ? await readImageBytes(source) : source;
  const format = requireImageFormat(bytes, file);
  if (format === 'bmp') {
    const header = readBmpHeader(bytes, file);
    checkPixelLimit(header.width, header.height, file, options);
    const { width, height, rgb } = decodeBmp(bytes, file);
    return { data: bytesToUnit(rgb), height, width, channels: 3 };
  }
  const { width, height } = await sharpImageSize(bytes, file);
  checkPixelLimit(width, height, file, options);
  return decodeWithSharp(bytes, file, options?.maxPixels ?? DEFAULT_MAX_PIXELS);
}
