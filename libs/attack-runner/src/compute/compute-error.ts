import { RankfallError } from '@rankfall/job-contracts';
/**
 * Error codes of the compute layer (backend selection and the worker pool).
 *
 * - `UNKNOWN_BACKEND`: `RANKFALL_BACKEND` (or the requested backend) is not a backend name; the message lists them.
 * - `BACKEND_UNAVAILABLE`: the forced backend (or every candidate) failed to load or initialise; the message says why.
 * - `INVALID_WORKER_COUNT`: `RANKFALL_WORKERS` or `size` is not an integer in [1, 256].
 * - `WORKER_FAILED`: a worker thread could not start or died while running a job.
 * - `POOL_CLOSED`: a job was submitted to (or pending in) a closed pool.
 */
export type ComputeErrorCode = 'UNKNOWN_BACKEND' | 'BACKEND_UNAVAILABLE' | 'INVALID_WORKER_COUNT' | 'WORKER_FAILED' | 'POOL_CLOSED';

/** Domain error of the compute layer. */
export class ComputeError extends RankfallError<ComputeErrorCode> {
  override readonly name = 'ComputeError';
}
