import type { ErrorRequestHandler, RequestHandler, Response } from 'express';

/** Errors outside GraphQL execution use the same shape: `{ errors: [{ message, extensions: { code } }] }`. */
export function sendJsonError(response: Response, status: number, code: string, message: string, details: Record<string, unknown> = {}): void {
  response.status(status).type('application/json').send(JSON.stringify({ errors: [{ message, extensions: { code, ...details } }] }));
}

/** POST /graphql takes JSON only: anything else is a 415 with a JSON error (before Apollo sees it). */
export const requireJsonBody: RequestHandler = (request, response, next) => {
  if (request.method !== 'POST') {
    next();
    return;
  }
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    sendJsonError(response, 415, 'BAD_REQUEST', 'POST /graphql needs `content-type: application/json` with a body {"query": "…", "variables": {…}}');
    return;
  }
  next();
};

const BODY_ERRORS: Record<string, { status: number; message: string }> = {
  'entity.parse.failed': { status: 400, message: 'The request body is not valid JSON' },
  'entity.too.large': { status: 413, message: 'The request body is larger than 1 MB' },
  'charset.unsupported': { status: 415, message: 'The request body must be UTF-8 JSON' },
  'encoding.unsupported': { status: 415, message: 'Unsupported content encoding' },
  'request.aborted': { status: 400, message: 'The request was aborted' },
  'request.size.invalid': { status: 400, message: 'The request body size does not match its Content-Length' },
};

/**
 * The last error handler: body-parser failures become coded JSON errors, and anything else a bare
 * INTERNAL_SERVER_ERROR (logged here), never Express's HTML page with a stack and host paths.
 */
export function jsonErrorHandler(log: (message: string, error: unknown) => void): ErrorRequestHandler {
  return (error: unknown, _request, response, next) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const type = (error as { type?: unknown }).type;
    const known = typeof type === 'string' ? BODY_ERRORS[type] : undefined;
    if (known) {
      sendJsonError(response, known.status, 'BAD_REQUEST', known.message);
      return;
    }
    log('unexpected error in an HTTP route', error);
    sendJsonError(response, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
  };
}

export const jsonNotFound: RequestHandler = (_request, response) => {
  sendJsonError(response, 404, 'NOT_FOUND', 'No such route: GraphQL is at POST /graphql');
};
