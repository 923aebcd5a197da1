import { RankfallError } from '@rankfall/job-contracts';

/** Why an architecture could not score an input. */
export type ArchitectureErrorCode =
  /** The image is smaller than the architecture can handle (e.g. CNNIQA needs more than 32 px). */
  | 'INPUT_TOO_SMALL'
  /** The input is not an NHWC RGB batch. */
  | 'INVALID_INPUT';

/** The one error class of the architectures. */
export class ArchitectureError extends RankfallError<ArchitectureErrorCode> {
  override readonly name = 'ArchitectureError';
}
