import { RankfallError } from '@rankfall/job-contracts';
export type CliErrorCode = 'USAGE' | 'UNKNOWN_COMMAND' | 'INVALID_FLAG' | 'FAILED';

/** A problem to report as one line; `exitCode` 2 for usage errors, 1 otherwise. */
export class CliError extends RankfallError<CliErrorCode> {
  override readonly name = 'CliError';

  get exitCode(): number {
    return this.code === 'FAILED' ? 1 : 2;
  }
}
