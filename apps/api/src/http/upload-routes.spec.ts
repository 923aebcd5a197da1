import { issueApiToken } from '@rankfall/db';
import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type RunningApi } from '../create-api-server';
import { apiConfigFromEnv, parseApiEnv } from '../env';
import { seedTeam, type SeededTeam } from '../testing/seed-world';
import { asUser, createTestApi, type TestApi } from '../testing/test-api';

/**
 * POST /uploads/datasets (and the weights route it shares its code path with) over real HTTP on a real API and
 * PostgreSQL, then `importDataset` with an `upload` source. The archive's contents are the worker's business
 * (apps/worker/src/dataset-upload-flow.spec.ts); here only the edge: auth, team scoping, limits, the zip signature.
 */
let db: TestDatabase;
let api: TestApi;
let server: RunningApi;
let a: SeededTeam;
let b: SeededTeam;
const tokens: Record<'memberA' | 'viewerA' | 'memberB', string> = { memberA: '', viewerA: '', memberB: '' };
const LIMIT = 4096;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_api_uploads' });
  api = await createTestApi(db.prisma);
  a = await seedTeam(db.prisma, api.store, 'uploads-a', { images: 1 });
  b = await seedTeam(db.prisma, api.store, 'uploads-b', { images: 1 });
  tokens.memberA = (await issueApiToken(db.prisma, { userId: a.member.id, teamId: a.team.id, name: 'upload', role: 'MEMBER' })).secret;
  tokens.viewerA = (await issueApiToken(db.prisma, { userId: a.viewer.id, teamId: a.team.id, name: 'upload-viewer', role: 'VIEWER' })).secret;
  tokens.memberB = (await issueApiToken(db.prisma, { userId: b.member.id, teamId: b.team.id, name: 'upload', role: 'MEMBER' })).secret;
  server = await startApiServer({ prisma: db.prisma, databaseUrl: db.url, artifactStore: api.store, port: 0, host: '127.0.0.1', webOrigins: [], config: { maxDatasetUploadBytes: LIMIT } });
});
afterAll(async () => {
  await server?.stop();
  await api?.stop();
  await db?.drop();
});

/** An empty zip archive (just its end record) padded with a local-header-looking prefix: the API checks the signature only. */
const zipLike = (size: number) => {
  const bytes = new Uint8Array(size);
  bytes.set([0x50, 0x4b, 0x03, 0x04]);
  bytes[size - 1] = size % 251;
  return bytes;
};
const emptyZip = Uint8Array.from([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]);

async function upload(path: string, teamId: string | null, body: RequestInit['body'], token: string | null = tokens.memberA, init: RequestInit = {}) {
  const response = await fetch(`${server.origin}${path}${teamId === null ? '' : `?teamId=${teamId}`}`, {
    method: 'POST',
    headers: { 'content-type': 'application/zip', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
    ...init,
  });
  return { status: response.status, body: (await response.json()) as { artifactId?: string; sha256?: string; sizeBytes?: number; errors?: Array<{ message: string; extensions: { code: string } }> } };
}
const archiveCount = () => db.prisma.artifact.count({ where: { kind: 'DATASET_ARCHIVE', mediaType: 'application/zip' } });

const IMPORT = 'mutation($input: ImportDatasetInput!) { importDataset(input: $input) { id status input } }';

describe('POST /uploads/datasets', () => {
  it('stores a zip of a MEMBER as a dataset archive of the team and answers its id, hash and size (same bytes → same id)', async () => {
    const bytes = zipLike(1000);
    const first = await upload('/uploads/datasets', a.team.id, bytes);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ artifactId: expect.any(String), sha256: createHash('sha256').update(bytes).digest('hex'), sizeBytes: 1000 });
    const row = await db.prisma.artifact.findUniqueOrThrow({ where: { id: first.body.artifactId! } });
    expect(row).toMatchObject({ teamId: a.team.id, kind: 'DATASET_ARCHIVE', mediaType: 'application/zip', sha256: first.body.sha256 });
    expect(new Uint8Array(await api.store.getBytes(row.key))).toEqual(bytes);
    const again = await upload('/uploads/datasets', a.team.id, bytes);
    expect(again.body.artifactId).toBe(first.body.artifactId);
    expect((await upload('/uploads/datasets', a.team.id, emptyZip)).status).toBe(201);
  });

  it('refuses, with coded JSON and nothing stored: no teamId, anonymous, a VIEWER, another team, empty, not a zip, over the limit (declared or streamed)', async () => {
    const before = await archiveCount();
    const refusal = async (result: Awaited<ReturnType<typeof upload>>, status: number, code: string, message?: RegExp) => {
      expect(result.status, JSON.stringify(result.body)).toBe(status);
      expect(result.body.errors?.[0]?.extensions.code).toBe(code);
      if (message) expect(result.body.errors?.[0]?.message).toMatch(message);
    };
    await refusal(await upload('/uploads/datasets', null, zipLike(100)), 400, 'BAD_USER_INPUT', /teamId is required.*\/uploads\/datasets/);
    await refusal(await upload('/uploads/datasets', a.team.id, zipLike(100), null), 401, 'UNAUTHENTICATED');
    await refusal(await upload('/uploads/datasets', a.team.id, zipLike(100), tokens.viewerA), 403, 'FORBIDDEN');
    await refusal(await upload('/uploads/datasets', a.team.id, zipLike(100), tokens.memberB), 404, 'NOT_FOUND');
    await refusal(await upload('/uploads/datasets', a.team.id, new Uint8Array()), 400, 'BAD_USER_INPUT', /empty: send the dataset as a zip archive/);
    await refusal(await upload('/uploads/datasets', a.team.id, new TextEncoder().encode('filename,mos\na.png,1\n')), 400, 'BAD_USER_INPUT', /not a zip archive/);
    await refusal(await upload('/uploads/datasets', a.team.id, zipLike(LIMIT + 1)), 400, 'BAD_USER_INPUT', new RegExp(`limit of ${LIMIT} bytes \\(RANKFALL_MAX_DATASET_UPLOAD_BYTES\\)`));
    // Chunked (no Content-Length): the limit is enforced on the streamed bytes.
    const chunks = [zipLike(3000), zipLike(3000)];
    const stream = new ReadableStream<Uint8Array>({ pull: (controller) => (chunks.length ? controller.enqueue(chunks.shift()!) : controller.close()) });
    await refusal(await upload('/uploads/datasets', a.team.id, stream, tokens.memberA, { duplex: 'half' } as RequestInit), 400, 'BAD_USER_INPUT', /RANKFALL_MAX_DATASET_UPLOAD_BYTES/);
    expect(await archiveCount()).toBe(before);
  });

  it('keeps the weights route on the shared code path: a WEIGHTS artifact under its own limit variable', async () => {
    const weights = await upload('/uploads/weights', a.team.id, new TextEncoder().encode('not parsed here'));
    expect(weights.status).toBe(201);
    expect(await db.prisma.artifact.findUniqueOrThrow({ where: { id: weights.body.artifactId! } })).toMatchObject({ kind: 'WEIGHTS', mediaType: 'application/octet-stream' });
    // A weight file is not a dataset archive: no zip signature check there, but the artifact cannot be imported as one.
    const misuse = await api.execute(asUser(a.member), IMPORT, { input: { teamId: a.team.id, source: { kind: 'upload', artifactId: weights.body.artifactId, format: 'folder-csv' } } });
    expect(misuse.code).toBe('NOT_FOUND');
  });
});

describe('importDataset with an upload source', () => {
  it('queues the import of the team\'s own archive, with the request as validated', async () => {
    const uploaded = await upload('/uploads/datasets', a.team.id, zipLike(2000));
    const source = { kind: 'upload', artifactId: uploaded.body.artifactId, format: 'folder-csv', table: 'ds/mos.csv', images: 'ds/images', name: 'uploaded' };
    const result = await api.execute<{ importDataset: { id: string; status: string; input: unknown } }>(asUser(a.member), IMPORT, { input: { teamId: a.team.id, source } });
    expect(result.errors).toBeUndefined();
    expect(result.data?.importDataset).toMatchObject({ status: 'QUEUED', input: source });
    const jobs = await db.prisma.$queryRaw<Array<{ payload: { importId: string } }>>`SELECT j.payload FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id WHERE t.identifier = 'import-dataset'`;
    expect(jobs.map((job) => job.payload.importId)).toContain(result.data?.importDataset.id);
  });

  it.each([
    ['another team\'s archive', 'b', {}, 'NOT_FOUND'],
    ['an unknown artifact', 'a', { artifactId: 'nope' }, 'NOT_FOUND'],
    ['a table path that leaves the archive', 'a', { table: '../../etc/passwd' }, 'BAD_USER_INPUT'],
    ['an absolute image folder', 'a', { images: '/etc' }, 'BAD_USER_INPUT'],
    ['an unknown field', 'a', { path: '/tmp/x.zip' }, 'BAD_USER_INPUT'],
  ])('refuses %s', async (_what, who, override, code) => {
    const uploaded = await upload('/uploads/datasets', a.team.id, zipLike(1500));
    const team = who === 'a' ? a : b;
    const before = await db.prisma.importRequest.count();
    const result = await api.execute(asUser(team.member), IMPORT, { input: { teamId: team.team.id, source: { kind: 'upload', artifactId: uploaded.body.artifactId, format: 'folder-csv', ...override } } });
    expect(result.code, JSON.stringify(result.errors)).toBe(code);
    expect(await db.prisma.importRequest.count()).toBe(before);
  });
});

describe('RANKFALL_MAX_DATASET_UPLOAD_BYTES', () => {
  it('defaults to 2 GiB, takes a whole number of bytes up to 4 GiB - 1, and names itself when invalid', () => {
    expect(apiConfigFromEnv(parseApiEnv({})).maxDatasetUploadBytes).toBe(2 * 1024 ** 3);
    expect(apiConfigFromEnv(parseApiEnv({ RANKFALL_MAX_DATASET_UPLOAD_BYTES: '1048576' })).maxDatasetUploadBytes).toBe(1048576);
    for (const bad of ['abc', '0', '1.5', String(4 * 1024 ** 3)]) {
      expect(() => parseApiEnv({ RANKFALL_MAX_DATASET_UPLOAD_BYTES: bad })).toThrow(/^Invalid environment: RANKFALL_MAX_DATASET_UPLOAD_BYTES: /);
    }
  });
});
