import { RankfallError } from '@rankfall/job-contracts';
/** Codes of the errors the API's services raise; the GraphQL edge turns them into `extensions.code`. */
export type ApiErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'RATE_LIMITED';

/** A domain error of the API layer (never a GraphQL type: the edge maps it once). */
export class ApiError extends RankfallError<ApiErrorCode> {
  override readonly name = 'ApiError';
  /** Safe facts for the client, e.g. `{ field: 'email' }` or `{ retryAfterSeconds: 60 }`. */
  override readonly details: Record<string, string | number>;
  constructor(code: ApiErrorCode, message: string, details: Record<string, string | number> = {}) {
    super(code, message, { details });
    this.details = details;
  }
}

export const notFound = (what: string) => new ApiError('NOT_FOUND', `${what} not found`);
