import { RankfallError, type RankfallErrorDetails } from '@rankfall/job-contracts';

/** Why loading or checking a weight file failed. */
export type WeightsErrorCode =
  /** The bytes do not follow the file format (truncated, bad header, offsets out of range, ...). */
  | 'MALFORMED_FILE'
  /** A tensor's element type cannot be read (or written). */
  | 'UNSUPPORTED_DTYPE'
  /** A tensor the architecture needs is absent from the file. */
  | 'MISSING_TENSOR'
  /** The file holds a tensor the architecture does not use (strict loading). */
  | 'UNEXPECTED_TENSOR'
  /** A tensor's shape differs from what the architecture expects. */
  | 'SHAPE_MISMATCH'
  /** A pickle asks for a global outside the allowed list (code execution risk). */
  | 'UNSAFE_PICKLE'
  /** The container format itself is not one this library reads. */
  | 'UNSUPPORTED_FORMAT'
  /** Tensors hold NaN or ±Infinity (after conversion to float32); `details.tensors` counts them per tensor. */
  | 'NON_FINITE_WEIGHTS'
  /** A name appears twice (zip entry, safetensors header key, TF.js manifest entry); the first is not silently replaced. */
  | 'DUPLICATE_ENTRY'
  /** A zip entry name is absolute, has a `..` segment or a backslash (path traversal). */
  | 'UNSAFE_ENTRY_NAME'
  /** A declared size is above a documented limit (e.g. a safetensors header over 100 MB); nothing was read. */
  | 'LIMIT_EXCEEDED';

/** The one error class of the weight readers, writers and loaders. */
export class WeightsError extends RankfallError<WeightsErrorCode> {
  override readonly name = 'WeightsError';

  constructor(
    code: WeightsErrorCode,
    message: string,
    /** The tensor (or archive entry) the error is about, when there is one. */
    readonly tensor?: string,
    details?: RankfallErrorDetails,
  ) {
    super(code, message, details === undefined ? {} : { details });
  }
}
