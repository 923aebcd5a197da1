import { RankfallError } from '@rankfall/job-contracts';

/** Why training could not run or finish. */
export type TrainingErrorCode =
  /** The configuration does not parse (the message names the field). */
  | 'INVALID_CONFIG'
  /** The model has no trainable variables, or cannot export its weights. */
  | 'NOT_TRAINABLE'
  /** A split needed by training or evaluation has no images (or too few for a correlation). */
  | 'EMPTY_SPLIT'
  /** The patch size does not fit the model's input spec or an image. */
  | 'INVALID_PATCH'
  /** A MOS lies outside the dataset's range, or the range is empty. */
  | 'INVALID_LABELS'
  /** The loss became NaN or infinite (learning rate too high?). */
  | 'NON_FINITE_LOSS'
  /** The AbortSignal fired; training stopped between two steps. */
  | 'ABORTED'
  /** The training folder could not be read (no table, ambiguous table, missing facts). */
  | 'INVALID_DATASET';

/** The one error class of the training module. */
export class TrainingError extends RankfallError<TrainingErrorCode> {
  override readonly name = 'TrainingError';
}
