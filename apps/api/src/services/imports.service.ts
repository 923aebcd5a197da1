import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { countImportRequests, listImportRequestsPage, recordArtifact, type ArtifactStore, type CreatedAtCursor, type ImportRequestSummary, type PageQuery, type PrismaClient } from '@rankfall/db';
import { DATASET_ARCHIVE_ARTIFACT, getImportRequest, requestDatasetImport, requestModelRegistration } from '@rankfall/runs';
import type { AccessService } from './access.service';
import type { Listing } from './catalog.service';
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

  /** The team's imports and registrations, newest first (VIEWER+). */
  async requests(teamId: string, kind: 'DATASET' | 'MODEL' | null, page: PageQuery<CreatedAtCursor>): Promise<Listing<ImportRequestSummary>> {
    await this.access.requireRole(teamId, 'VIEWER');
    return { page: await listImportRequestsPage(this.prisma, teamId, kind, page), total: () => countImportRequests(this.prisma, teamId, kind) };
  }
}

/**
 * What one upload route stores: the artifact kind and media type it is recorded as, the environment variable of
 * its size limit (named in the refusal), what the body should be (named when it is empty), and an optional check
 * of the first bytes (a magic number; the bytes are otherwise never parsed here).
 */
export interface UploadKind {
  readonly artifact: { readonly kind: 'WEIGHTS' | typeof DATASET_ARCHIVE_ARTIFACT.kind; readonly mediaType: string };
  readonly limitVariable: string;
  readonly what: string;
  readonly signature?: { test(head: Uint8Array): boolean; readonly message: string };
}

export const WEIGHTS_UPLOAD: UploadKind = { artifact: { kind: 'WEIGHTS', mediaType: 'application/octet-stream' }, limitVariable: 'RANKFALL_MAX_UPLOAD_BYTES', what: 'the weight file' };

/** A zip archive starts with a local file header (`PK\x03\x04`), or is empty (`PK\x05\x06`, refused later as having no table). */
export const DATASET_UPLOAD: UploadKind = {
  artifact: DATASET_ARCHIVE_ARTIFACT,
  limitVariable: 'RANKFALL_MAX_DATASET_UPLOAD_BYTES',
  what: 'the dataset as a zip archive',
  signature: {
    test: (head) => head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 0x03 && head[3] === 0x04) || (head[2] === 0x05 && head[3] === 0x06)),
    message: 'the upload is not a zip archive (no zip header at the start): send the dataset as a .zip file',
  },
};

/** Counts bytes through a stream and stops it with a coded error past `limit`. */
function byteLimit(limit: number, variable: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > limit) callback(new ApiError('BAD_USER_INPUT', `the upload is larger than the limit of ${limit} bytes (${variable})`));
      else callback(null, chunk);
    },
  });
}

/**
 * Stores an uploaded file (streamed to a temporary file with a size limit, then content-addressed into the
 * artifact store) and records it as an artifact of the team of the upload's kind; `registerModel` or
 * `importDataset` then refers to it. The bytes are only stored here (and their first bytes compared with the
 * kind's signature), never parsed: the worker's checked readers parse them. The temporary file is always removed.
 */
export async function storeUpload(deps: { prisma: PrismaClient; store: ArtifactStore }, kind: UploadKind, input: { teamId: string; body: Readable; limit: number }): Promise<{ artifactId: string; sha256: string; sizeBytes: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'rankfall-upload-'));
  try {
    const path = join(dir, 'upload.bin');
    const hash = createHash('sha256');
    let size = 0;
    let head = Buffer.alloc(0);
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        if (head.length < 8) head = Buffer.concat([head, chunk.subarray(0, 8 - head.length)]);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    await pipeline(input.body, byteLimit(input.limit, kind.limitVariable), tap, createWriteStream(path));
    if (size === 0) throw new ApiError('BAD_USER_INPUT', `the upload is empty: send ${kind.what} as the request body`);
    if (kind.signature && !kind.signature.test(head)) throw new ApiError('BAD_USER_INPUT', kind.signature.message);
    const sha256 = hash.digest('hex');
    const stored = await deps.store.putFile(path, sha256);
    const artifactId = await recordArtifact(deps.prisma, { teamId: input.teamId, kind: kind.artifact.kind, sha256, key: stored.key, sizeBytes: stored.sizeBytes, mediaType: kind.artifact.mediaType });
    return { artifactId, sha256, sizeBytes: stored.sizeBytes };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
