import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalArtifactStore, migrateDatabase } from '@rankfall/db';
import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { generateSyntheticDataset, type SyntheticDatasetResult } from '@rankfall/datasets';
import { storedZip } from '@rankfall/testing';
import { executeDatasetImport, ModelCache, type StageContext } from '@rankfall/runs/stages';
import type { JobHelpers } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTask } from './tasks/import-task';
import { startAppProcess, type AppProcess } from './testing/app-process';

/**
 * A dataset imported by upload, end to end: a real API process on a real PostgreSQL receives the zip of a
 * synthetic dataset (POST /uploads/datasets), `importDataset` queues it with an `upload` source, and the worker's
 * `import-dataset` task (the worker's own task function and failure policy, run in-process over the same
 * database and artifact store) extracts it with the safe extractor and imports it. A tampered archive is refused with a coded error and leaves nothing behind.
 */
let db: TestDatabase;
let dir: string;
let api: AppProcess;
let origin: string;
let cookie = '';
let teamId = '';
let ctx: StageContext;
let synthetic: SyntheticDatasetResult;
/** Where the stage extracts archives: empty again after every import, whatever its outcome. */
let extractDir: string;
/** Every file the import stored into the artifact store (the extracted images, by path). */
const storedFrom: string[] = [];

class RecordingStore extends LocalArtifactStore {
  override putFile(path: string, sha256?: string) {
    storedFrom.push(path);
    return super.putFile(path, sha256);
  }
}

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_upload_flow', migrate: false });
  await migrateDatabase(db.url);
  dir = await mkdtemp(join(tmpdir(), 'rankfall-upload-flow-'));
  extractDir = join(dir, 'extract');
  await mkdir(extractDir);
  const artifacts = join(dir, 'artifacts');
  api = startAppProcess('apps/api/src/main.ts', { DATABASE_URL: db.url, RANKFALL_ARTIFACT_DIR: artifacts, RANKFALL_API_PORT: '0' }, /^Rankfall API on (\S+) /);
  synthetic = await generateSyntheticDataset({ outDir: join(dir, 'synth'), seed: 5, references: 3, size: 32, levels: 1 });
  origin = (await api.ready).replace(/\/graphql$/, '');
  ctx = { prisma: db.prisma, store: new RecordingStore(artifacts), workerId: 'upload-flow-spec', models: new ModelCache() };
}, 120_000);
afterAll(async () => {
  await api?.kill();
  await rm(dir, { recursive: true, force: true });
  await db?.drop();
});

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${origin}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify({ query, variables }) });
  const setCookie = response.headers.get('set-cookie');
  if (setCookie) cookie = setCookie.split(';')[0] ?? '';
  const body = (await response.json()) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  if (body.errors?.length) throw new Error(`${body.errors[0]?.extensions?.code}: ${body.errors[0]?.message}`);
  return body.data as T;
}

async function uploadZip(bytes: Uint8Array): Promise<string> {
  const response = await fetch(`${origin}/uploads/datasets?teamId=${teamId}`, { method: 'POST', headers: { cookie, 'content-type': 'application/zip' }, body: bytes });
  const body = (await response.json()) as { artifactId: string };
  expect(response.status, JSON.stringify(body)).toBe(201);
  return body.artifactId;
}

/** The synthetic dataset's files as zip entries under `prefix` (mos.csv, manifest.json, images/…). */
async function datasetEntries(prefix: string): Promise<Array<{ name: string; data: Uint8Array }>> {
  const root = join(dir, 'synth');
  const images = (await readdir(join(root, 'images'))).sort();
  return [
    { name: `${prefix}mos.csv`, data: await readFile(join(root, 'mos.csv')) },
    ...(await Promise.all(images.map(async (name) => ({ name: `${prefix}images/${name}`, data: await readFile(join(root, 'images', name)) })))),
  ];
}

const facts = () => {
  const { name, version, mosRange, lowerBetter, provenance } = synthetic.manifest;
  return { name, version, mosRange, lowerBetter, provenance };
};

const IMPORT_STATE = 'query($teamId: ID!, $id: ID!) { importRequest(teamId: $teamId, id: $id) { status errorCode errorMessage message dataset { id name version imageCount } } }';
type ImportState = { status: string; errorCode: string | null; errorMessage: string | null; message: string | null; dataset: { id: string; name: string; version: string; imageCount: number } | null };

async function importUpload(source: Record<string, unknown>): Promise<ImportState> {
  const { importDataset } = await gql<{ importDataset: { id: string } }>('mutation($input: ImportDatasetInput!) { importDataset(input: $input) { id } }', { input: { teamId, source: { kind: 'upload', format: 'folder-csv', facts: facts(), ...source } } });
  const task = importTask('import-dataset', ctx, (c, id) => executeDatasetImport(c, id, { importRoot: null, tempDir: extractDir }));
  const logged: string[] = [];
  const helpers = { logger: { info: (line: string) => logged.push(line), error: (line: string) => logged.push(line) }, job: { key: `import:${importDataset.id}`, attempts: 1, max_attempts: 5 } };
  await task({ importId: importDataset.id }, helpers as unknown as JobHelpers);
  expect(await readdir(extractDir)).toEqual([]);
  const { importRequest } = await gql<{ importRequest: ImportState }>(IMPORT_STATE, { teamId, id: importDataset.id });
  return importRequest;
}

describe('dataset import by upload', () => {
  it('uploads the zip of a synthetic dataset, imports it through the worker stage, and writes every image with its MOS', async () => {
    await gql('mutation { signUp(email: "grace@example.test", name: "Grace", password: "correct horse battery") { user { id } } }');
    teamId = (await gql<{ viewer: { teams: Array<{ id: string }> } }>('{ viewer { teams { id } } }')).viewer.teams[0]!.id;

    const artifactId = await uploadZip(storedZip(await datasetEntries('synthetic-upload/')));
    const imported = await importUpload({ artifactId, name: 'uploaded synthetic' });
    expect(imported, JSON.stringify(imported)).toMatchObject({ status: 'SUCCEEDED', dataset: { name: 'uploaded synthetic', version: synthetic.manifest.version, imageCount: 15 } });
    // The images came from the extraction folder under extractDir (now removed again).
    expect(storedFrom).toHaveLength(15);
    for (const path of storedFrom) expect(path).toMatch(new RegExp(`^${extractDir}/rankfall-archive-[^/]+/synthetic-upload/images/`));

    const rows = await db.prisma.image.findMany({ where: { datasetId: imported.dataset!.id }, select: { key: true, mos: true, sha256: true, width: true }, orderBy: { key: 'asc' } });
    const expected = [...synthetic.manifest.images].sort((x, y) => (x.key < y.key ? -1 : 1)).map((image) => ({ key: image.key, mos: image.mos, sha256: image.sha256, width: 32 }));
    expect(rows).toEqual(expected);
    const dataset = await db.prisma.dataset.findUniqueOrThrow({ where: { id: imported.dataset!.id }, select: { teamId: true, lowerBetter: true } });
    expect(dataset).toEqual({ teamId, lowerBetter: false });
  }, 120_000);

  it('refuses a tampered archive with a coded error naming the entry: the request FAILED, no dataset, no images, the extraction folder gone', async () => {
    const before = { datasets: await db.prisma.dataset.count(), images: await db.prisma.image.count(), blobs: await db.prisma.artifact.count({ where: { kind: 'IMAGE' } }) };
    // Every real image first (so the extractor has written files when it meets the bad one), then a CRC mismatch.
    const entries = await datasetEntries('');
    const tampered = storedZip([...entries.map((entry) => ({ ...entry })), { name: 'images/zz-tampered.png', data: entries[1]!.data, crc: 0xdeadbeef }]);
    const refused = await importUpload({ artifactId: await uploadZip(tampered), name: 'tampered', table: 'mos.csv', images: 'images' });
    expect(refused).toMatchObject({ status: 'FAILED', errorCode: 'INVALID_INPUT', dataset: null });
    expect(refused.errorMessage).toMatch(/^\[ARCHIVE_CRC_MISMATCH\] zip entry "images\/zz-tampered\.png" fails its CRC-32 check/);

    const traversal = storedZip([...entries, { name: '../../escape.png', data: entries[1]!.data }]);
    const escaped = await importUpload({ artifactId: await uploadZip(traversal), name: 'traversal' });
    expect(escaped).toMatchObject({ status: 'FAILED', errorCode: 'INVALID_INPUT', dataset: null });
    expect(escaped.errorMessage).toMatch(/^\[ARCHIVE_UNSAFE_NAME\] zip entry "\.\.\/\.\.\/escape\.png"/);
    await expect(readFile(join(extractDir, '..', '..', 'escape.png'))).rejects.toThrow();

    expect({ datasets: await db.prisma.dataset.count(), images: await db.prisma.image.count(), blobs: await db.prisma.artifact.count({ where: { kind: 'IMAGE' } }) }).toEqual(before);
  }, 120_000);
});
