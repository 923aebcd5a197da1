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
  | 'FORBIDDEN';

export class DbError extends Error {
  override readonly name = 'DbError';
  constructor(
    readonly code: DbErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
