/** Codes of the errors the API's services raise; the GraphQL edge turns them into `extensions.code`. */
export type ApiErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'RATE_LIMITED';

/** A domain error of the API layer (never a GraphQL type: the edge maps it once). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    /** Safe facts for the client, e.g. `{ field: 'email' }` or `{ retryAfterSeconds: 60 }`. */
    readonly details: Record<string, string | number> = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError('NOT_FOUND', `${what} not found`);
