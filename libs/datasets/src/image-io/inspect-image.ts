import { decodeRgb8 } from './decode-rgb8';
import { type ImageFormat } from './image-format';
import { type ImageReadOptions } from './image-limits';

/** What a full decode found out about an encoded image. */
export interface InspectedImage {
  /** Sniffed from the magic bytes (the file extension is never consulted). */
  readonly format: ImageFormat;
  /** Displayed size (after EXIF orientation), as `decodeImage` returns it. */
  readonly width: number;
  readonly height: number;
  /** What `decodeImage` converts the pixels from to sRGB (e.g. `Adobe RGB (1998)`); null when nothing. */
  readonly convertedFromProfile: string | null;
}

/**
 * Decodes every pixel of an image exactly as `decodeImage` does, and keeps only the facts: a file that
 * passes can be decoded later (truncated files, bad CRCs and damaged data fail here with
 * `CORRUPT_IMAGE`). Used by the importers on every image.
 */
export async function inspectImage(bytes: Uint8Array, options: ImageReadOptions & { name: string }): Promise<InspectedImage> {
  const { format, width, height, convertedFromProfile } = await decodeRgb8(bytes, options.name, options);
  return { format, width, height, convertedFromProfile };
}
