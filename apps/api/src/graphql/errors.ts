import { DbError } from '@rankfall/db';
import { RunsError } from '@rankfall/runs';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ZodError } from 'zod';
import { ApiError } from '../services/api-error';

/** Every code a client can see. */
export const CLIENT_ERROR_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'QUERY_TOO_DEEP',
  'QUERY_TOO_COMPLEX',
  'INTERNAL_SERVER_ERROR',
  // Apollo Server's own request errors (their messages name no internals).
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

const HTTP_STATUS: Record<string, number> = { UNAUTHENTICATED: 401 };

export function apiGraphQLError(code: string, message: string, details: Record<string, unknown> = {}): GraphQLError {
  const status = HTTP_STATUS[code];
  return new GraphQLError(message, { extensions: { code, ...details, ...(status ? { http: { status } } : {}) } });
}

/**
 * The one translation of domain errors into GraphQL errors (STYLE.md §11), applied around every
 * resolver. Anything unknown is passed on untouched and masked by `formatError`.
 */
export function toGraphQLError(error: unknown): unknown {
  if (error instanceof GraphQLError) return error;
  if (error instanceof ApiError) return apiGraphQLError(error.code, error.message, error.details);
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const field = issue?.path.join('.') ?? '';
    return apiGraphQLError('BAD_USER_INPUT', `Invalid ${field || 'input'}: ${issue?.message ?? 'invalid value'}`, { field });
  }
  if (error instanceof DbError) {
    if (error.code === 'NOT_FOUND' || error.code === 'CONFLICT' || error.code === 'FORBIDDEN') return apiGraphQLError(error.code, error.message);
    return error;
  }
  if (error instanceof RunsError) {
    switch (error.code) {
      case 'INVALID_INPUT':
        return apiGraphQLError('BAD_USER_INPUT', error.message, error.field ? { field: error.field } : {});
      case 'NOT_FOUND':
        return apiGraphQLError('NOT_FOUND', error.message);
      case 'CONFLICT':
      case 'INVALID_STATE':
        return apiGraphQLError('CONFLICT', error.message);
      default:
        return error;
    }
  }
  return error;
}

export interface ApiLogger {
  error(message: string, error?: unknown): void;
  info(message: string): void;
}

export const consoleLogger: ApiLogger = {
  error: (message, error) => console.error(message, error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : (error ?? '')),
  info: (message) => console.log(message),
};

/**
 * Formats every error leaving the API: known codes pass (without stack traces or http metadata);
 * the codes of the depth and cost rules are restored (Apollo relabels validation errors); everything
 * else becomes a bare INTERNAL_SERVER_ERROR and is logged on the server only.
 */
export function createFormatError(logger: ApiLogger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError && error.path && error.originalError ? error.originalError : error;
    if (error instanceof GraphQLError && error.originalError instanceof GraphQLError) {
      const limitCode = error.originalError.extensions['code'];
      if (limitCode === 'QUERY_TOO_DEEP' || limitCode === 'QUERY_TOO_COMPLEX') {
        return { message: formatted.message, locations: formatted.locations, extensions: { ...error.originalError.extensions } };
      }
    }
    const code = formatted.extensions?.['code'];
    const fromResolver = error instanceof GraphQLError && error.path !== undefined;
    const known = typeof code === 'string' && CLIENT_ERROR_CODES.has(code) && code !== 'INTERNAL_SERVER_ERROR';
    if (known && (!fromResolver || original instanceof GraphQLError)) {
      const { http: _http, stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { message: formatted.message, ...(formatted.locations ? { locations: formatted.locations } : {}), ...(formatted.path ? { path: formatted.path } : {}), extensions };
    }
    logger.error('unexpected error while serving a request', original);
    return { message: 'Internal server error', ...(formatted.path ? { path: formatted.path } : {}), extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
