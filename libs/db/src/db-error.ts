import { RankfallError } from '@rankfall/job-contracts';
/** Codes of every error the data layer raises; each edge (API, worker, CLI) maps them once. */
export type DbErrorCode =
  | 'INVALID_DATABASE_URL'
  | 'DATABASE_UNREACHABLE'
  | 'DATABASE_AUTH_FAILED'
  | 'DATABASE_MISSING'
  | 'NOT_RANKFALL_DATABASE'
  | 'MIGRATIONS_PENDING'
  | 'MIGRATION_FAILED'
  | 'PORT_IN_USE'
  | 'EMBEDDED_START_FAILED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'FORBIDDEN'
  /** An artifact key that is not a content address, or one that would leave the store: an integrity failure. */
  | 'INVALID_ARTIFACT_KEY'
  /** An artifact-store setting (RANKFALL_ARTIFACT_STORE, RANKFALL_S3_*, AWS_*) is invalid; the message names the variable. */
  | 'ARTIFACT_STORE_CONFIG_INVALID'
  /** The artifact store cannot be reached (connection refused, DNS, timeout). Retryable. */
  | 'ARTIFACT_STORE_UNREACHABLE'
  /** The artifact store refused the credentials (unknown key, bad signature, access denied, none found). */
  | 'ARTIFACT_STORE_AUTH_FAILED'
  /** The artifact store answered with another error (missing bucket, server error). */
  | 'ARTIFACT_STORE_FAILED'
  /** Stored or supplied bytes do not have the expected SHA-256 (a file changed while importing, a corrupt object). */
  | 'ARTIFACT_CHECKSUM_MISMATCH';

export class DbError extends RankfallError<DbErrorCode> {
  override readonly name = 'DbError';
}
