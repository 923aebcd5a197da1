import { open } from 'node:fs/promises';
import sharp, { type Metadata } from 'sharp';
import { BMP_HEADER_PROBE_BYTES, readBmpHeader } from './bmp-header';
import { detectImageFormat, type ImageFormat } from './image-format';
import { ImageIoError } from './image-io-error';
import { DEFAULT_MAX_PIXELS, type ImageReadOptions } from './image-limits';

/** Format and size of an image as `decodeImage` would return it (after EXIF orientation). */
export interface ImageInfo {
  readonly format: ImageFormat;
  readonly width: number;
  readonly height: number;
}

const SHARP_PROBE_BYTES = 64;

/** Names the source in errors: the path, or `options.name`, or `<buffer>`. */
export function sourceName(source: string | Uint8Array, options: ImageReadOptions | undefined): string {
  return typeof source === 'string' ? source : (options?.name ?? '<buffer>');
}

/**
 * Throws `UNSUPPORTED_FORMAT` when the magic bytes are not a supported format. The message never
 * quotes the file's bytes: a file can be anything (a link to /etc/shadow, a key), and errors travel
 * to logs, terminals and API clients.
 */
export function requireImageFormat(bytes: Uint8Array, file: string): ImageFormat {
  const format = detectImageFormat(bytes);
  if (format) return format;
  throw new ImageIoError(
    'UNSUPPORTED_FORMAT',
    file,
    bytes.length === 0 ? 'not a PNG, JPEG, WebP, TIFF or BMP file (the file is empty)' : 'not a PNG, JPEG, WebP, TIFF or BMP file (unrecognised signature)',
  );
}

/** Throws `TOO_LARGE` when width × height exceeds the limit. */
export function checkPixelLimit(width: number, height: number, file: string, options: ImageReadOptions | undefined): void {
  const maxPixels = options?.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (width * height > maxPixels) {
    throw new ImageIoError(
      'TOO_LARGE',
      file,
      `${width}×${height} = ${width * height} pixels exceeds the limit of ${maxPixels} pixels`,
    );
  }
}

async function readProbe(path: string): Promise<{ probe: Uint8Array; size: number }> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (cause) {
    throw new ImageIoError('FILE_UNREADABLE', path, `cannot open: ${(cause as Error).message}`, { cause });
  }
  try {
    const { size } = await handle.stat();
    const probe = new Uint8Array(Math.min(size, Math.max(BMP_HEADER_PROBE_BYTES, SHARP_PROBE_BYTES)));
    await handle.read(probe, 0, probe.length, 0);
    return { probe, size };
  } catch (cause) {
    throw new ImageIoError('FILE_UNREADABLE', path, `cannot read: ${(cause as Error).message}`, { cause });
  } finally {
    await handle.close();
  }
}

/** What sharp's header parse says about an image, as image IO uses it. */
export interface SharpHeader {
  /** Displayed size: width and height swapped for EXIF orientations 5–8. */
  readonly width: number;
  readonly height: number;
  /** The embedded ICC profile, if any. */
  readonly icc: Uint8Array | null;
  /** libvips' interpretation of the stored pixels (`srgb`, `b-w`, `cmyk`, ...). */
  readonly space: string | null;
}

/** Reads the header through sharp (no pixel decoding). */
export async function sharpImageHeader(input: string | Uint8Array, file: string): Promise<SharpHeader> {
  let metadata: Metadata;
  try {
    metadata = await sharp(input, { failOn: 'error', limitInputPixels: false }).metadata();
  } catch (cause) {
    throw new ImageIoError('CORRUPT_IMAGE', file, `cannot read the image header: ${(cause as Error).message.split('\n')[0]}`, {
      cause,
    });
  }
  const { width, height } = metadata.autoOrient ?? metadata;
  if (!width || !height) throw new ImageIoError('CORRUPT_IMAGE', file, 'the image header has no size');
  return { width, height, icc: metadata.icc ?? null, space: metadata.space ?? null };
}

/** Reads width and height from sharp's header parse, swapping them for EXIF orientations 5–8. */
export async function sharpImageSize(input: string | Uint8Array, file: string): Promise<{ width: number; height: number }> {
  const { width, height } = await sharpImageHeader(input, file);
  return { width, height };
}

/**
 * Format and size of an image from its header only (no pixel decoding), with the pixel limit applied.
 * The size is the displayed one: EXIF orientations 5–8 swap width and height, as `decodeImage` does.
 */
export async function readImageInfo(source: string | Uint8Array, options?: ImageReadOptions): Promise<ImageInfo> {
  const file = sourceName(source, options);
  const { probe, size } = typeof source === 'string' ? await readProbe(source) : { probe: source, size: source.length };
  const format = requireImageFormat(probe, file);
  const { width, height } =
    format === 'bmp' ? readBmpHeader(probe, file, size) : await sharpImageSize(source, file);
  checkPixelLimit(width, height, file, options);
  return { format, width, height };
}
