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
  | 'UNSUPPORTED_FORMAT';

/** The one error class of the weight readers, writers and loaders. */
export class WeightsError extends Error {
  override readonly name = 'WeightsError';

  constructor(
    readonly code: WeightsErrorCode,
    message: string,
    /** The tensor the error is about, when there is one. */
    readonly tensor?: string,
  ) {
    super(message);
  }
}
