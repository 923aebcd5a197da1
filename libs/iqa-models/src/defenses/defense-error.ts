import { RankfallError } from '@rankfall/job-contracts';

/** Why a defense could not be built or applied. */
export type DefenseErrorCode =
  /** A parameter is out of its range (quality, factor, σ, k, EOT samples). */
  | 'INVALID_DEFENSE'
  /** EOT was asked of a defense without randomness (no parameter range to draw from). */
  | 'EOT_NEEDS_RANDOMNESS';

/** The one error class of the input-purification defenses. */
export class DefenseError extends RankfallError<DefenseErrorCode> {
  override readonly name = 'DefenseError';
}
