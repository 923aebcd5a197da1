import { RankfallError } from '@rankfall/job-contracts';
export type SyntheticDatasetErrorCode = 'INVALID_OPTIONS' | 'OUT_DIR_NOT_EMPTY' | 'WRITE_FAILED';

export class SyntheticDatasetError extends RankfallError<SyntheticDatasetErrorCode> {
  override readonly name = 'SyntheticDatasetError';
}
