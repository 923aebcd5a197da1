import sharp, { type OutputInfo } from 'sharp';
import { decodeBmp } from './bmp-decoder';
import { readBmpHeader } from './bmp-header';
import { iccProfileDescription, isSrgbDescription } from './icc-profile-description';
import { type ImageFormat } from './image-format';
import { checkPixelLimit, requireImageFormat, sharpImageHeader, type SharpHeader } from './image-info';
import { ImageIoError } from './image-io-error';
import { DEFAULT_MAX_PIXELS, type ImageReadOptions } from './image-limits';

/** A fully decoded image in 8-bit sRGB, and what decoding did to get there. */
export interface Rgb8Image {
  /** HWC RGB, 8 bits per channel, sRGB. */
  readonly rgb: Uint8Array;
  readonly width: number;
  readonly height: number;
  /** The format sniffed from the magic bytes. */
  readonly format: ImageFormat;
  /**
   * The colour space the stored pixels were converted from to sRGB (an embedded ICC profile's
   * description such as `Adobe RGB (1998)`, or `CMYK`); null when they were sRGB (or untagged) already.
   */
  readonly convertedFromProfile: string | null;
}

/** What a decode to sRGB converts from, judged from the header (null: nothing worth reporting). */
export function colourConversion(header: Pick<SharpHeader, 'icc' | 'space'>): string | null {
  if (header.icc && header.icc.length > 0) {
    const description = iccProfileDescription(header.icc);
    if (isSrgbDescription(description)) return null;
    return description ?? 'an unnamed ICC profile';
  }
  if (header.space === 'cmyk') return 'CMYK (no embedded profile)';
  return null;
}

async function decodeWithSharp(bytes: Uint8Array, file: string, maxPixels: number): Promise<{ data: Buffer; width: number; height: number }> {
  let result: { data: Buffer; info: OutputInfo };
  try {
    // failOn 'error': a truncated file, a bad CRC or damaged entropy-coded data is an error, not grey pixels.
    result = await sharp(bytes, { failOn: 'error', limitInputPixels: Math.max(1, Math.floor(maxPixels)) })
      .rotate() // honour EXIF orientation
      .toColourspace('srgb') // grey, CMYK and ICC-tagged images become sRGB (through the embedded profile)
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
  return { data: result.data, width, height };
}

/**
 * The one decoding path of image IO (used by `decodeImage` for attacks and training, and by
 * `inspectImage` at import, so both see the same pixels): format from the magic bytes, pixel limit
 * from the header, then every pixel decoded; PNG/JPEG/WebP/TIFF through sharp (EXIF orientation
 * applied, converted to sRGB), BMP through the own decoder.
 */
export async function decodeRgb8(bytes: Uint8Array, file: string, options: ImageReadOptions | undefined): Promise<Rgb8Image> {
  const format = requireImageFormat(bytes, file);
  if (format === 'bmp') {
    const header = readBmpHeader(bytes, file);
    checkPixelLimit(header.width, header.height, file, options);
    const { width, height, rgb } = decodeBmp(bytes, file);
    return { rgb, width, height, format, convertedFromProfile: null };
  }
  const header = await sharpImageHeader(bytes, file);
  checkPixelLimit(header.width, header.height, file, options);
  const { data, width, height } = await decodeWithSharp(bytes, file, options?.maxPixels ?? DEFAULT_MAX_PIXELS);
  return { rgb: data, width, height, format, convertedFromProfile: colourConversion(header) };
}
