import { RankfallError } from '@rankfall/job-contracts';
/** Codes of the run engine; each edge maps them once (API → GraphQL codes, worker → fail or retry, CLI → exit code). */
export type RunsErrorCode =
  /** A run request or config that cannot run (names the field): permanent. */
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  /** The run is not in a state that allows the operation (e.g. retry of a running run). */
  | 'INVALID_STATE'
  | 'CONFLICT'
  /** A stored artifact (image, weights) the run needs is missing or unreadable: permanent. */
  | 'MISSING_ARTIFACT';

export class RunsError extends RankfallError<RunsErrorCode> {
  override readonly name = 'RunsError';
  constructor(
    code: RunsErrorCode,
    message: string,
    readonly field?: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, { ...(options?.cause !== undefined ? { cause: options.cause } : {}), ...(field ? { details: { field } } : {}) });
  }
}
