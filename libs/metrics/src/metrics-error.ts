import { RankfallError } from '@rankfall/job-contracts';

/**
 * Codes of every error the metrics library raises. Each edge (API, worker, CLI) maps them once.
 *
 * - `LENGTH_MISMATCH`: paired inputs (x, y) or images of different sizes.
 * - `TOO_FEW_SAMPLES`: fewer samples than the metric needs (3 for correlations, 1 for means).
 * - `NON_FINITE`: a NaN or ±Infinity in an input (or a NaN produced by a bootstrap statistic).
 * - `CONSTANT_INPUT`: a constant vector, for which a correlation (or a min–max normalisation) is undefined.
 * - `INVALID_IMAGE`: an image whose `data.length` is not `height·width·channels`, or whose channel count is
 *   not supported.
 * - `IMAGE_TOO_SMALL`: an image smaller than the SSIM window.
 * - `INVALID_OPTION`: an option outside its domain (e.g. `confidence` not in (0, 1), `dataRange ≤ 0`).
 * - `FIT_FAILED`: the logistic least-squares fit did not converge.
 */
export type MetricsErrorCode =
  | 'LENGTH_MISMATCH'
  | 'TOO_FEW_SAMPLES'
  | 'NON_FINITE'
  | 'CONSTANT_INPUT'
  | 'INVALID_IMAGE'
  | 'IMAGE_TOO_SMALL'
  | 'INVALID_OPTION'
  | 'FIT_FAILED';

/** The one domain error of `@rankfall/metrics`: degenerate input never yields a silent number. */
export class MetricsError extends RankfallError<MetricsErrorCode> {
  override readonly name = 'MetricsError';
}
