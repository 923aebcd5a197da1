import { DbError, type DbErrorCode } from '../db-error';

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  Code?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  cause?: unknown;
}

const AUTH_NAMES = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'AccessDenied',
  'ExpiredToken',
  'InvalidToken',
  'TokenRefreshRequired',
  'CredentialsProviderError',
  'InvalidClientTokenId',
  'AuthorizationHeaderMalformed',
]);

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED']);
const NETWORK_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'NetworkingError']);

function field(error: unknown, name: keyof SdkErrorShape): unknown {
  return typeof error === 'object' && error !== null ? (error as SdkErrorShape)[name] : undefined;
}

/** The network errno of an error or of its causes (the SDK wraps socket errors). */
function networkCode(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = field(e, 'cause'), depth++) {
    const code = field(e, 'code');
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    const name = field(e, 'name');
    if (typeof name === 'string' && NETWORK_NAMES.has(name)) return name;
  }
  return null;
}

/**
 * Maps an AWS SDK / network error to a `DbError`: NOT_FOUND (404, NoSuchKey), ARTIFACT_STORE_AUTH_FAILED
 * (401/403, bad or missing credentials), ARTIFACT_STORE_UNREACHABLE (connection refused, DNS, timeouts),
 * ARTIFACT_STORE_FAILED (anything else, e.g. a missing bucket). The message is built from the error's
 * name, code and HTTP status only, never from its text or the request, so no credential can leak; the
 * original error is kept as `cause` for debugging.
 */
export function s3ErrorToDbError(error: unknown, context: { store: string; action: string; key?: string }): DbError {
  if (error instanceof DbError) return error;
  const name = String(field(error, 'name') ?? field(error, 'Code') ?? 'Error');
  const metadata = field(error, '$metadata') as SdkErrorShape['$metadata'];
  const status = typeof metadata?.httpStatusCode === 'number' ? metadata.httpStatusCode : null;
  const subject = context.key === undefined ? '' : ` ${context.key}`;
  const head = `artifact store ${context.store}: cannot ${context.action}${subject}`;
  const make = (code: DbErrorCode, reason: string) => new DbError(code, `${head}: ${reason}`, { cause: error });

  const network = networkCode(error);
  if (network) return make('ARTIFACT_STORE_UNREACHABLE', `the server cannot be reached (${network})`);
  if (name === 'NoSuchBucket') return make('ARTIFACT_STORE_FAILED', 'the bucket does not exist (create it, or check RANKFALL_S3_BUCKET)');
  if (name === 'NoSuchKey' || name === 'NotFound' || status === 404) return make('NOT_FOUND', 'no such object');
  if (AUTH_NAMES.has(name) || status === 401 || status === 403) {
    return make('ARTIFACT_STORE_AUTH_FAILED', `the credentials were refused (${name}${status ? `, HTTP ${status}` : ''}): check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the credential chain`);
  }
  return make('ARTIFACT_STORE_FAILED', `${name}${status ? ` (HTTP ${status})` : ''}`);
}
