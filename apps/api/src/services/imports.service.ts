import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { recordArtifact, type ArtifactStore, type ImportRequestSummary, type PrismaClient } from '@rankfall/db';
import { getImportRequest, requestDatasetImport, requestModelRegistration } from '@rankfall/runs';
import type { AccessService } from './access.service';
import { ApiError } from './api-error';

/**
 * Dataset imports and model registrations (MEMBER+). The API only records the request and queues it: a
 * worker reads the files, decodes every image and parses the weights (the API never loads sharp or TF.js).
 */
export class ImportsService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly access: AccessService,
    private readonly options: { importRoot: string | null },
  ) {}

  async importDataset(input: { teamId: string; source: unknown }): Promise<ImportRequestSummary> {
    await this.access.requireRole(input.teamId, 'MEMBER');
    return requestDatasetImport(this.prisma, { teamId: input.teamId, createdById: this.access.requireUser().id, source: input.source, importRoot: this.options.importRoot });
  }

  async registerModel(input: { teamId: string; registration: unknown }): Promise<ImportRequestSummary> {
    await this.access.requireRole(input.teamId, 'MEMBER');
    return requestModelRegistration(this.prisma, { teamId: input.teamId, createdById: this.access.requireUser().id, registration: input.registration });
  }

  /** An import request of one of the viewer's teams (NOT_FOUND otherwise). */
  async request(teamId: string, id: string): Promise<ImportRequestSummary> {
    await this.access.requireRole(teamId, 'VIEWER', 'Import');
    return getImportRequest(this.prisma, teamId, id);
  }
}

/** Counts bytes through a stream and stops it with a coded error past `limit`. */
function byteLimit(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > limit) callback(new ApiError('BAD_USER_INPUT', `the upload is larger than the limit of ${limit} bytes (RANKFALL_MAX_UPLOAD_BYTES)`));
      else callback(null, chunk);
    },
  });
}

/**
 * Stores an uploaded weight file (streamed to a temporary file with a size limit, then content-addressed into
 * the artifact store) and records it as a WEIGHTS artifact of the team; `registerModel` then refers to it.
 * The bytes are only stored here, never parsed: the worker's checked readers parse them.
 */
export async function storeWeightsUpload(deps: { prisma: PrismaClient; store: ArtifactStore }, input: { teamId: string; body: Readable; limit: number }): Promise<{ artifactId: string; sha256: string; sizeBytes: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'rankfall-upload-'));
  try {
    const path = join(dir, 'upload.bin');
    const hash = createHash('sha256');
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    await pipeline(input.body, byteLimit(input.limit), tap, createWriteStream(path));
    if (size === 0) throw new ApiError('BAD_USER_INPUT', 'the upload is empty: send the weight file as the request body');
    const sha256 = hash.digest('hex');
    const stored = await deps.store.putFile(path, sha256);
    const artifactId = await recordArtifact(deps.prisma, { teamId: input.teamId, kind: 'WEIGHTS', sha256, key: stored.key, sizeBytes: stored.sizeBytes, mediaType: 'application/octet-stream' });
    return { artifactId, sha256, sizeBytes: stored.sizeBytes };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
