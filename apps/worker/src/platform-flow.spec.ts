import { readFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { migrateDatabase } from '@rankfall/db';
import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppProcess, type AppProcess } from './testing/app-process';
import { startWorkerProcess, type WorkerProcess } from './testing/worker-process';

/**
 * The whole platform through GraphQL over HTTP, headless: a real API process, a real worker process, a real
 * PostgreSQL. Sign up, import the synthetic dataset, register the demo model (bundled, and uploaded), run SMA and
 * I-FGSM at the same ε, wait, read the metrics.
 */
let db: TestDatabase;
let dir: string;
let api: AppProcess;
let worker: WorkerProcess;
let url: string;
let cookie = '';

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_platform', migrate: false });
  await migrateDatabase(db.url);
  dir = await mkdtemp(join(tmpdir(), 'rankfall-platform-'));
  const env = { DATABASE_URL: db.url, RANKFALL_ARTIFACT_DIR: join(dir, 'artifacts'), RANKFALL_BACKEND: 'wasm' };
  api = startAppProcess('apps/api/src/main.ts', { ...env, RANKFALL_API_PORT: '0' }, /^Rankfall API on (\S+) /);
  worker = startWorkerProcess(env);
  [url] = await Promise.all([api.ready, worker.ready]);
}, 120_000);
afterAll(async () => {
  await Promise.all([api?.kill(), worker?.kill()]);
  await rm(dir, { recursive: true, force: true });
  await db?.drop();
});

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify({ query, variables }) });
  const setCookie = response.headers.get('set-cookie');
  if (setCookie) cookie = setCookie.split(';')[0] ?? '';
  const body = (await response.json()) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  if (body.errors?.length) throw new Error(`${body.errors[0]?.extensions?.code}: ${body.errors[0]?.message}`);
  return body.data as T;
}

async function until<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const IMPORT = 'query($teamId: ID!, $id: ID!) { importRequest(teamId: $teamId, id: $id) { status errorCode errorMessage message dataset { id } model { id } } }';
type ImportState = { status: string; errorCode: string | null; errorMessage: string | null; message: string | null; dataset: { id: string } | null; model: { id: string } | null };

async function finishedImport(teamId: string, id: string): Promise<ImportState> {
  return until(`import ${id}`, async () => {
    const { importRequest } = await gql<{ importRequest: ImportState }>(IMPORT, { teamId, id });
    return importRequest.status === 'SUCCEEDED' || importRequest.status === 'FAILED' ? importRequest : null;
  });
}

const RUN = 'query($id: ID!) { run(id: $id) { status errorMessage imageCount metrics { name reference value ciLow ciHigh } stages { kind summary } } }';
type RunState = { status: string; errorMessage: string | null; imageCount: number; metrics: Array<{ name: string; reference: string; value: number }>; stages: Array<{ kind: string; summary: Record<string, unknown> | null }> };

describe('the platform through GraphQL', () => {
  it('signs up, imports, registers, runs SMA and I-FGSM at one ε; SMA breaks the ranking more', async () => {
    await gql('mutation { signUp(email: "ada@example.test", name: "Ada", password: "correct horse battery") { user { id } } }');
    const { viewer } = await gql<{ viewer: { teams: Array<{ id: string }> } }>('{ viewer { teams { id } } }');
    const teamId = viewer.teams[0]!.id;

    const dataset = await gql<{ importDataset: { id: string } }>('mutation($input: ImportDatasetInput!) { importDataset(input: $input) { id } }', { input: { teamId, source: { kind: 'synthetic', seed: 2, references: 8, size: 32, levels: 2 } } });
    const imported = await finishedImport(teamId, dataset.importDataset.id);
    expect(imported, JSON.stringify(imported)).toMatchObject({ status: 'SUCCEEDED' });

    const model = await gql<{ registerModel: { id: string } }>('mutation($input: RegisterModelInput!) { registerModel(input: $input) { id } }', { input: { teamId, catalogId: 'rankfall-demo-cnn', bundled: true } });
    const registered = await finishedImport(teamId, model.registerModel.id);
    expect(registered, JSON.stringify(registered)).toMatchObject({ status: 'SUCCEEDED' });

    const create = (attackId: string, config: unknown) =>
      gql<{ createRun: { id: string } }>('mutation($input: CreateRunInput!) { createRun(input: $input) { id } }', { input: { teamId, modelId: registered.model!.id, datasetId: imported.dataset!.id, attackId, config } });
    const sma = await create('sma', { preset: 'set-scaled', stage1: { iterations: 30_000 }, stage2: { epsilon: 0.005 } });
    const ifgsm = await create('ifgsm', { epsilon: 0.005 });
    const done = async (id: string) => until(`run ${id}`, async () => {
      const { run } = await gql<{ run: RunState }>(RUN, { id });
      return ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(run.status) ? run : null;
    });
    const [smaRun, ifgsmRun] = [await done(sma.createRun.id), await done(ifgsm.createRun.id)];
    expect(smaRun.status, smaRun.errorMessage ?? '').toBe('SUCCEEDED');
    expect(ifgsmRun.status, ifgsmRun.errorMessage ?? '').toBe('SUCCEEDED');
    const srocc = (run: RunState, reference: string) => run.metrics.find((m) => m.name === 'srocc' && m.reference === reference)!.value;
    expect(smaRun.stages.find((s) => s.kind === 'TARGETS')?.summary).toMatchObject({ preset: 'set-scaled' });
    expect(srocc(smaRun, 'CLEAN_ATTACKED')).toBeLessThan(srocc(ifgsmRun, 'CLEAN_ATTACKED'));
    expect(srocc(smaRun, 'MOS_CLEAN')).toBe(srocc(ifgsmRun, 'MOS_CLEAN'));
  }, 400_000);

  it('registers uploaded weights, and refuses a hostile checkpoint without executing it or registering anything', async () => {
    const { viewer } = await gql<{ viewer: { teams: Array<{ id: string }> } }>('{ viewer { teams { id } } }');
    const teamId = viewer.teams[0]!.id;
    const upload = async (bytes: Uint8Array) => {
      const response = await fetch(`${url.replace(/\/graphql$/, '')}/uploads/weights?teamId=${teamId}`, { method: 'POST', headers: { cookie, 'content-type': 'application/octet-stream' }, body: bytes });
      expect(response.status).toBe(201);
      return ((await response.json()) as { artifactId: string }).artifactId;
    };
    const weights = await readFile(resolve(import.meta.dirname, '../../../libs/iqa-models/weights/rankfall-demo-cnn-nt.safetensors'));
    const good = await gql<{ registerModel: { id: string } }>('mutation($input: RegisterModelInput!) { registerModel(input: $input) { id } }', { input: { teamId, catalogId: 'rankfall-demo-cnn-nt', name: 'uploaded NT twin', weightsArtifactId: await upload(weights) } });
    expect(await finishedImport(teamId, good.registerModel.id)).toMatchObject({ status: 'SUCCEEDED', model: { id: expect.any(String) } });

    // A legacy pickle whose first opcode imports os.system (GLOBAL 'posix system').
    const marker = join(dir, 'pwned');
    const pickle = Buffer.concat([Buffer.from([0x80, 0x02]), Buffer.from(`cposix\nsystem\nq\x00X${String.fromCharCode(marker.length + 6)}\x00\x00\x00touch ${marker}q\x01\x85q\x02Rq\x03.`, 'latin1')]);
    const bad = await gql<{ registerModel: { id: string } }>('mutation($input: RegisterModelInput!) { registerModel(input: $input) { id } }', { input: { teamId, catalogId: 'rankfall-demo-cnn', name: 'hostile', weightsArtifactId: await upload(pickle) } });
    const refused = await finishedImport(teamId, bad.registerModel.id);
    expect(refused).toMatchObject({ status: 'FAILED', errorCode: 'UNSAFE_PICKLE', model: null });
    await expect(readFile(marker)).rejects.toThrow();
    // The bundled demo model and the uploaded NT twin; nothing from the hostile file.
    const after = await gql<{ viewer: { teams: Array<{ models: { totalCount: number } }> } }>('{ viewer { teams { models { totalCount } } } }');
    expect(after.viewer.teams[0]?.models.totalCount).toBe(2);
  }, 200_000);
});
