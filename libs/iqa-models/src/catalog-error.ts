import { RankfallError } from '@rankfall/job-contracts';

/** Why a catalog model could not be created. */
export type CatalogErrorCode =
  /** No catalog entry has this id. */
  | 'UNKNOWN_MODEL'
  /** The entry needs user-supplied weights and none were given. */
  | 'WEIGHTS_REQUIRED'
  /** The entry's bundled weight file is not there (not trained yet?). */
  | 'WEIGHTS_UNAVAILABLE'
  /** A bundled weight file does not have the sha256 the catalog records. */
  | 'CHECKSUM_MISMATCH';

/** The one error class of the model catalog and `createIqaModel`. */
export class CatalogError extends RankfallError<CatalogErrorCode> {
  override readonly name = 'CatalogError';
}
