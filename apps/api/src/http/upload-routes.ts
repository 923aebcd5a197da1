import { Router } from 'express';
import { z } from 'zod';
import { ApiError } from '../services/api-error';
import { storeWeightsUpload } from '../services/imports.service';
import type { ApiDependencies } from '../services/services';
import { route } from './file-routes';

const teamQuery = z.object({ teamId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/) });

/**
 * POST /uploads/weights?teamId=… with the weight file as the raw body (any content type): MEMBER+ of the team;
 * streamed to disk with a size limit (RANKFALL_MAX_UPLOAD_BYTES), stored content-addressed, recorded as a WEIGHTS
 * artifact. Answers `{ artifactId, sha256, sizeBytes }` for the registerModel mutation. The bytes are never parsed here.
 */
export function uploadRoutes(deps: ApiDependencies, maxUploadBytes: number): Router {
  const router = Router();
  router.post(
    '/uploads/weights',
    route(deps, async (scope, request, response) => {
      const query = teamQuery.safeParse(request.query);
      if (!query.success) throw new ApiError('BAD_USER_INPUT', 'teamId is required as a query parameter: POST /uploads/weights?teamId=<team id>');
      await scope.access.requireRole(query.data.teamId, 'MEMBER');
      const declared = Number(request.headers['content-length'] ?? Number.NaN);
      if (Number.isFinite(declared) && declared > maxUploadBytes) throw new ApiError('BAD_USER_INPUT', `the upload (${declared} bytes) is larger than the limit of ${maxUploadBytes} bytes (RANKFALL_MAX_UPLOAD_BYTES)`);
      const stored = await storeWeightsUpload({ prisma: deps.prisma, store: deps.artifactStore }, { teamId: query.data.teamId, body: request, limit: maxUploadBytes });
      response.status(201).json(stored);
    }),
  );
  return router;
}
