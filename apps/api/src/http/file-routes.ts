import { DbError } from '@rankfall/db';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { ApiError, type ApiErrorCode } from '../services/api-error';
import type { ArtifactFile } from '../services/artifacts.service';
import { createRequestScope, type ApiDependencies, type RequestScope } from '../services/services';
import { resolveViewer } from '../services/viewer.service';
import { sendJsonError } from './json-errors';

export const STATUS: Record<ApiErrorCode, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, BAD_USER_INPUT: 400, NOT_FOUND: 404, CONFLICT: 409, RATE_LIMITED: 429 };
const FILES: Record<string, ArtifactFile> = { 'clean.png': 'clean', 'adversarial.png': 'adversarial', 'difference.png': 'difference', 'heatmap.png': 'heatmap' };
const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);

/** Wraps a route: authenticates like /graphql, maps domain errors to the same coded JSON, passes the rest on (masked). */
export function route(deps: ApiDependencies, handle: (scope: RequestScope, request: Request, response: Response) => Promise<void>): RequestHandler {
  return async (request, response, next) => {
    try {
      const viewer = await resolveViewer(deps.prisma, { authorization: request.headers.authorization, cookie: request.headers.cookie });
      const scope = createRequestScope(deps, viewer, true);
      scope.access.requireUser();
      await handle(scope, request, response);
    } catch (error) {
      if (error instanceof ApiError) sendJsonError(response, STATUS[error.code], error.code, error.message);
      else if (error instanceof DbError && error.code === 'NOT_FOUND') sendJsonError(response, 404, 'NOT_FOUND', 'Not found');
      else next(error);
    }
  };
}

function params(request: Request, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const parsed = id.safeParse(request.params[name]);
    if (!parsed.success) throw new ApiError('NOT_FOUND', 'Not found');
    out[name] = parsed.data;
  }
  return out;
}

const PRIVATE_FILE_HEADERS = { 'cache-control': 'private, max-age=300', 'x-content-type-options': 'nosniff', 'content-security-policy': "default-src 'none'" };

/**
 * GET /artifacts/run/:runId/image/:imageId/{clean,adversarial,difference,heatmap}.png, GET /artifacts/dataset/:datasetId/image/:imageId
 * (the stored image, any format) and GET /exports/run/:runId/results.{csv,json}.
 */
export function fileRoutes(deps: ApiDependencies): Router {
  const router = Router();
  router.get(
    '/artifacts/run/:runId/image/:imageId/:file',
    route(deps, async (scope, request, response) => {
      const file = FILES[String(request.params['file'])];
      if (!file) throw new ApiError('NOT_FOUND', 'Not found: the files are clean.png, adversarial.png, difference.png and heatmap.png');
      const { runId, imageId } = params(request, ['runId', 'imageId']);
      const { bytes, mediaType } = await scope.services.artifacts.file(runId!, imageId!, file);
      response.status(200).set({ ...PRIVATE_FILE_HEADERS, 'content-type': mediaType }).send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    }),
  );
  router.get(
    '/artifacts/dataset/:datasetId/image/:imageId',
    route(deps, async (scope, request, response) => {
      const { datasetId, imageId } = params(request, ['datasetId', 'imageId']);
      const { bytes, mediaType } = await scope.services.artifacts.datasetImage(datasetId!, imageId!);
      response.status(200).set({ ...PRIVATE_FILE_HEADERS, 'content-type': mediaType }).send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    }),
  );
  router.get(
    '/exports/run/:runId/results.csv',
    route(deps, async (scope, request, response) => {
      const { runId } = params(request, ['runId']);
      const csv = await scope.services.exports.csv(runId!);
      response.status(200).set({ ...PRIVATE_FILE_HEADERS, 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="run-${runId}-results.csv"` }).send(csv);
    }),
  );
  router.get(
    '/exports/run/:runId/results.json',
    route(deps, async (scope, request, response) => {
      const { runId } = params(request, ['runId']);
      const body = await scope.services.exports.json(runId!);
      response.status(200).set({ ...PRIVATE_FILE_HEADERS, 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="run-${runId}-results.json"` }).send(JSON.stringify(body));
    }),
  );
  return router;
}
