import { RankfallError } from '@rankfall/job-contracts';
export type DashboardErrorCode = 'PORT_IN_USE' | 'CHILD_FAILED' | 'CHILD_NOT_READY' | 'CHILD_EXITED' | 'NOT_INSTALLED' | 'BUILD_FAILED' | 'INTERRUPTED';

/** A problem running the demo's child processes (API, dashboard, worker); the CLI edge prints `message [code]`. */
export class DashboardError extends RankfallError<DashboardErrorCode> {
  override readonly name = 'DashboardError';
}
