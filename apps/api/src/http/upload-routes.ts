import { Router } from 'express';
import { z } from 'zod';
import { ApiError } from '../services/api-error';
import { DATASET_UPLOAD, storeUpload, WEIGHTS_UPLOAD, type UploadKind } from '../services/imports.service';
import type { ApiDependencies } from '../services/services';
import { route } from './file-routes';

/**
 * Upload routes (docs/api.md "Uploads"). Both take the file as the raw request body (any content type; no
 * multipart), need a signed-in MEMBER+ of the team (session cookie or `Authorization: Bearer <token>`), stream
 * the body to disk under a size limit, store it content-addressed, and answer 201 with
 * `{ "artifactId": string, "sha256": string (hex), "sizeBytes": number }`. Errors are JSON
 * `{ errors: [{ message, extensions: { code } }] }`: 400 BAD_USER_INPUT (no/invalid teamId, empty body, over
 * the limit — also refused up front from Content-Length —, not a zip for datasets), 401 UNAUTHENTICATED,
 * 403 FORBIDDEN (a VIEWER), 404 NOT_FOUND (not a member of that team). The same bytes again answer the same
 * artifactId.
 *
 * - POST /uploads/weights?teamId=… — a weight file (limit RANKFALL_MAX_UPLOAD_BYTES), recorded as a WEIGHTS
 *   artifact, for `registerModel(input: { weightsArtifactId })`. The bytes are never parsed here.
 * - POST /uploads/datasets?teamId=… — a dataset as one zip archive (limit RANKFALL_MAX_DATASET_UPLOAD_BYTES,
 *   default 2 GiB): a MOS table (.csv) and its images. Only the zip signature is checked here; then
 *   `importDataset(input: { teamId, source: { kind: "upload", artifactId, format, table?, images?, facts?,
 *   name?, version? } })` queues the import, and the worker extracts it with the bomb-safe extractor
 *   (libs/datasets/src/archive) and imports it all-or-nothing; poll `importRequest(teamId, id)` for the outcome.
 */
const teamQuery = z.object({ teamId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/) });

export interface UploadLimits {
  /** Largest weight file, bytes (RANKFALL_MAX_UPLOAD_BYTES). */
  readonly weights: number;
  /** Largest dataset archive, bytes (RANKFALL_MAX_DATASET_UPLOAD_BYTES). */
  readonly datasets: number;
}

export function uploadRoutes(deps: ApiDependencies, limits: UploadLimits): Router {
  const router = Router();
  const upload = (path: string, kind: UploadKind, limit: number) =>
    router.post(
      path,
      route(deps, async (scope, request, response) => {
        const query = teamQuery.safeParse(request.query);
        if (!query.success) throw new ApiError('BAD_USER_INPUT', `teamId is required as a query parameter: POST ${path}?teamId=<team id>`);
        await scope.access.requireRole(query.data.teamId, 'MEMBER');
        const declared = Number(request.headers['content-length'] ?? Number.NaN);
        if (Number.isFinite(declared) && declared > limit) throw new ApiError('BAD_USER_INPUT', `the upload (${declared} bytes) is larger than the limit of ${limit} bytes (${kind.limitVariable})`);
        const stored = await storeUpload({ prisma: deps.prisma, store: deps.artifactStore }, kind, { teamId: query.data.teamId, body: request, limit });
        response.status(201).json(stored);
      }),
    );
  upload('/uploads/weights', WEIGHTS_UPLOAD, limits.weights);
  upload('/uploads/datasets', DATASET_UPLOAD, limits.datasets);
  return router;
}
