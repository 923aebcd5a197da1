import { RankfallError } from '@rankfall/job-contracts';
/** Error codes of the SMA module (stage one: target-score optimisation). */
export type SmaErrorCode =
  | 'LENGTH_MISMATCH'
  | 'TOO_FEW_SCORES'
  | 'NON_FINITE'
  | 'INVALID_CONFIG'
  | 'INVALID_STATE';

/** Domain error of the SMA module; `code` is what the API, worker and CLI edges translate. */
export class SmaError extends RankfallError<SmaErrorCode> {
  override readonly name = 'SmaError';
}
