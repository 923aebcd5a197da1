import { RankfallError } from '@rankfall/job-contracts';
export type SmaTargetsErrorCode = 'NOT_DECIMAL' | 'DUPLICATE_KEY' | 'CONSTANT_SCORES' | 'SCORE_OUT_OF_RANGE' | 'TOO_FEW_SCORES' | 'INVALID_CHECKPOINT' | 'CHECKPOINT_MISMATCH';

/** A score table or a stage-1 checkpoint that `rankfall sma targets` refuses; the CLI edge prints `message [code]`. */
export class SmaTargetsError extends RankfallError<SmaTargetsErrorCode> {
  override readonly name = 'SmaTargetsError';
}
