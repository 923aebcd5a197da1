export type SyntheticDatasetErrorCode = 'INVALID_OPTIONS' | 'OUT_DIR_NOT_EMPTY' | 'WRITE_FAILED';

export class SyntheticDatasetError extends Error {
  override readonly name = 'SyntheticDatasetError';
  constructor(
    readonly code: SyntheticDatasetErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
