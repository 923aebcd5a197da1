import { RankfallError } from '@rankfall/job-contracts';
/** Codes of every error image IO raises. */
export type ImageIoErrorCode =
  /** More pixels than the configured limit (checked from the header, before decoding). */
  | 'TOO_LARGE'
  /** Not one of PNG, JPEG, WebP, TIFF, BMP (by magic bytes), or a BMP variant this decoder does not handle. */
  | 'UNSUPPORTED_FORMAT'
  /** The header or the pixel data is damaged or truncated. */
  | 'CORRUPT_IMAGE'
  /** The file cannot be read (missing, a directory, no permission). */
  | 'FILE_UNREADABLE'
  /** The image given to an encoder is inconsistent (wrong data length, non-integer size). */
  | 'INVALID_IMAGE';

export class ImageIoError extends RankfallError<ImageIoErrorCode> {
  override readonly name = 'ImageIoError';
  constructor(
    code: ImageIoErrorCode,
    /** The file path, or the name given for a buffer. */
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, `${file}: ${message}`, { ...(options?.cause !== undefined ? { cause: options.cause } : {}), details: { file } });
  }
}
