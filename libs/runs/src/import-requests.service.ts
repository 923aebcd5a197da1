import { isAbsolute, relative, resolve } from 'node:path';
import { enqueueJob, findImportRequest, findTeamArtifact, insertImportRequest, withTransaction, type PrismaClient, type ImportRequestSummary } from '@rankfall/db';
import { z } from 'zod';
import { RunsError } from './runs-error';

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be an id');
const name = z.string().trim().min(1).max(200);

/**
 * A path inside an uploaded archive: relative, `/`-separated, no `..`, `.` or empty segment, no backslash,
 * drive letter or control character (the worker's extractor checks again against the real entries).
 */
const archivePath = z
  .string()
  .max(1000)
  .refine((path) => !path.startsWith('/') && !/^[A-Za-z]:/.test(path) && !path.includes('\\') && ![...path].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f), 'must be a relative path inside the archive (no leading /, drive letter, backslash or control character)')
  .refine((path) => {
    const trimmed = path.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
    return trimmed === '' || trimmed === '.' || trimmed.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
  }, 'must not have "..", "." or empty segments');

/**
 * How uploaded dataset archives are recorded in the artifact store (POST /uploads/datasets). A stop-gap until
 * ArtifactKind has its own DATASET_ARCHIVE value: kind REPORT (otherwise unused) with the zip media type;
 * requestDatasetImport and the import stage look artifacts up by both.
 */
export const DATASET_ARCHIVE_ARTIFACT = { kind: 'DATASET_ARCHIVE', mediaType: 'application/zip' } as const;

/**
 * Where a dataset import reads from: files on the workers' file system (under the import root), an uploaded
 * zip archive of the team (POST /uploads/datasets), or the synthetic generator.
 */
export const datasetImportSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('server-path'),
    /** Importer format id (`rankfall dataset formats`); checked by the worker against the registry. */
    format: z.string().min(1).max(64),
    /** The MOS table and the image folder, relative to the import root (or absolute inside it). */
    table: z.string().min(1).max(1000),
    images: z.string().min(1).max(1000),
    facts: z.record(z.string(), z.unknown()).optional(),
    name: name.optional(),
    version: name.optional(),
  }),
  z.strictObject({
    kind: z.literal('upload'),
    /** The `artifactId` POST /uploads/datasets answered (a zip archive of this team). */
    artifactId: id,
    /** Importer format id, as for server-path. */
    format: z.string().min(1).max(64),
    /** The MOS table inside the archive; default: its one `.csv` file (dot-files and __MACOSX/ ignored). */
    table: archivePath.optional(),
    /** The image folder inside the archive (`.` = its root); default: `images` beside the table if there is one, else the table's folder. */
    images: archivePath.optional(),
    facts: z.record(z.string(), z.unknown()).optional(),
    name: name.optional(),
    version: name.optional(),
  }),
  z.strictObject({
    kind: z.literal('synthetic'),
    seed: z.int().min(0).max(4_294_967_295).default(1),
    references: z.int().min(3).max(500).default(24),
    size: z.int().min(16).max(256).default(64),
    levels: z.int().min(1).max(10).default(4),
  }),
]);

export type DatasetImportSource = z.output<typeof datasetImportSourceSchema>;

function parse<T>(schema: z.ZodType<T>, input: unknown, prefix: string): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = [prefix, ...(issue?.path ?? []).map(String)].filter(Boolean).join('.');
    throw new RunsError('INVALID_INPUT', `${field}: ${issue?.message ?? 'invalid'}`, field);
  }
  return parsed.data;
}

/** A path given by a client, resolved inside the import root (lexically; the worker checks again after resolving links). */
export function resolveInsideRoot(root: string, path: string, field: string): string {
  const full = resolve(root, path);
  const rel = relative(resolve(root), full);
  if (rel.startsWith('..') || isAbsolute(rel)) throw new RunsError('INVALID_INPUT', `${field}: ${path} is outside the import root`, field);
  return full;
}

/**
 * Requests a dataset import (executed by a worker, job `import-dataset`): the request row and its job in one
 * transaction. Server-path imports need an import root (`RANKFALL_IMPORT_ROOT`): without one they are refused,
 * so an API user can never make a worker read arbitrary files. Upload imports need a dataset archive of the
 * same team (NOT_FOUND otherwise, also for another team's or a weights artifact).
 */
export async function requestDatasetImport(prisma: PrismaClient, input: { teamId: string; createdById: string | null; source: unknown; importRoot: string | null }): Promise<ImportRequestSummary> {
  const source = parse(datasetImportSourceSchema, input.source, 'source');
  if (source.kind === 'server-path') {
    if (!input.importRoot) throw new RunsError('INVALID_INPUT', 'source: server-path imports are disabled on this server (set RANKFALL_IMPORT_ROOT to the folder datasets may be read from)', 'source.kind');
    resolveInsideRoot(input.importRoot, source.table, 'source.table');
    resolveInsideRoot(input.importRoot, source.images, 'source.images');
  }
  return withTransaction(prisma, async (tx) => {
    if (source.kind === 'upload') {
      const artifact = await findTeamArtifact(tx, { id: source.artifactId, teamId: input.teamId, ...DATASET_ARCHIVE_ARTIFACT });
      if (!artifact) throw new RunsError('NOT_FOUND', `No uploaded dataset archive ${source.artifactId} in this team (upload it with POST /uploads/datasets?teamId=…)`, 'source.artifactId');
    }
    const request = await insertImportRequest(tx, { teamId: input.teamId, createdById: input.createdById, kind: 'DATASET', input: JSON.parse(JSON.stringify(source)) });
    await enqueueJob(tx, 'import-dataset', { importId: request.id });
    return request;
  });
}

export const modelRegistrationSchema = z.strictObject({
  /** Catalog entry (`rankfall model list`): architecture and facts. */
  catalogId: z.string().min(1).max(64),
  name: name.optional(),
  /** Weights: an uploaded artifact of the team (POST /uploads), or the catalog's bundled file. */
  weights: z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('upload'), artifactId: id }), z.strictObject({ kind: z.literal('bundled') })]),
});

export type ModelRegistration = z.output<typeof modelRegistrationSchema>;

/** Requests a model registration (executed by a worker, job `register-model`, which parses and checks the weights). */
export async function requestModelRegistration(prisma: PrismaClient, input: { teamId: string; createdById: string | null; registration: unknown }): Promise<ImportRequestSummary> {
  const registration = parse(modelRegistrationSchema, input.registration, 'registration');
  return withTransaction(prisma, async (tx) => {
    if (registration.weights.kind === 'upload') {
      const artifact = await findTeamArtifact(tx, { id: registration.weights.artifactId, teamId: input.teamId, kind: 'WEIGHTS' });
      if (!artifact) throw new RunsError('NOT_FOUND', `No uploaded weights ${registration.weights.artifactId} in this team`, 'registration.weights.artifactId');
    }
    const request = await insertImportRequest(tx, { teamId: input.teamId, createdById: input.createdById, kind: 'MODEL', input: JSON.parse(JSON.stringify(registration)) });
    await enqueueJob(tx, 'register-model', { importId: request.id });
    return request;
  });
}

/** An import request of the team, or NOT_FOUND. */
export async function getImportRequest(prisma: PrismaClient, teamId: string, importId: string): Promise<ImportRequestSummary> {
  const request = await findImportRequest(prisma, teamId, importId);
  if (!request) throw new RunsError('NOT_FOUND', `Import ${importId} does not exist in this team`, 'importId');
  return request;
}
