import { issueApiToken, recordArtifact, upsertImageResult } from '@rankfall/db';
import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type RunningApi } from '../create-api-server';
import { amplifiedDifference } from '../images/difference-image';
import { heatMapImage } from '../images/heat-map-image';
import { decodePng } from '../images/png-codec';
import { seedTeam, testImage, type SeededTeam } from '../testing/seed-world';
import { createTestApi, type TestApi } from '../testing/test-api';

let db: TestDatabase;
let api: TestApi;
let server: RunningApi;
let a: SeededTeam;
let tokenA: string;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_api_files' });
  api = await createTestApi(db.prisma);
  a = await seedTeam(db.prisma, api.store, 'files-a', { images: 4 });
  tokenA = (await issueApiToken(db.prisma, { userId: a.viewer.id, teamId: a.team.id, name: 'files', role: 'VIEWER' })).secret;
  server = await startApiServer({ prisma: db.prisma, databaseUrl: db.url, artifactStore: api.store, port: 0, host: '127.0.0.1', webOrigins: [] });
});
afterAll(async () => {
  await server?.stop();
  await api?.stop();
  await db?.drop();
});

const get = (path: string, headers: Record<string, string> = { authorization: `Bearer ${tokenA}` }) => fetch(`${server.origin}${path}`, { headers });
const imagePath = (i: number, file: string) => `/artifacts/run/${a.runId}/image/${a.imageIds[i]}/${file}`;

describe('artifact routes', () => {
  it('serves the clean and adversarial PNGs with private, nosniff headers', async () => {
    const clean = await get(imagePath(0, 'clean.png'));
    expect(clean.status).toBe(200);
    expect(clean.headers.get('content-type')).toBe('image/png');
    expect(clean.headers.get('x-content-type-options')).toBe('nosniff');
    expect(clean.headers.get('cache-control')).toMatch(/private/);
    expect(Buffer.from(await clean.arrayBuffer())).toEqual(Buffer.from(testImage(4, 3, 0)));
    const adversarial = await get(imagePath(0, 'adversarial.png'));
    expect(Buffer.from(await adversarial.arrayBuffer())).toEqual(Buffer.from(testImage(4, 3, 100)));
  });

  it('computes the amplified difference on the fly, or serves the stored one', async () => {
    const response = await get(imagePath(1, 'difference.png'));
    expect(response.status).toBe(200);
    const expected = amplifiedDifference(decodePng(testImage(4, 3, 1)), decodePng(testImage(4, 3, 101)));
    expect(decodePng(new Uint8Array(await response.arrayBuffer()))).toEqual(expected);

    const stored = await api.store.putBytes(testImage(4, 3, 7));
    const differenceArtifactId = await recordArtifact(db.prisma, { teamId: a.team.id, kind: 'DIFFERENCE_IMAGE', sha256: stored.sha256, key: stored.key, sizeBytes: stored.sizeBytes, mediaType: 'image/png' });
    await upsertImageResult(db.prisma, { runId: a.runId, imageId: a.imageIds[1]!, differenceArtifactId });
    expect(Buffer.from(await (await get(imagePath(1, 'difference.png'))).arrayBuffer())).toEqual(Buffer.from(testImage(4, 3, 7)));
  });

  it('computes the heat map from the two PNGs (never the stored difference), 404 before the image is attacked', async () => {
    const response = await get(imagePath(1, 'heatmap.png'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('cache-control')).toMatch(/private/);
    const expected = heatMapImage(decodePng(testImage(4, 3, 1)), decodePng(testImage(4, 3, 101)));
    expect(expected.maxLevel).toBeGreaterThan(0);
    expect(decodePng(new Uint8Array(await response.arrayBuffer()))).toEqual(expected.image);
    const notAttacked = await get(imagePath(3, 'heatmap.png'));
    expect(notAttacked.status).toBe(404);
    expect(await notAttacked.json()).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });
    expect((await get(imagePath(1, 'heatmap.png'), {})).status).toBe(401);
  });

  it('answers missing files, unknown names and anonymous or bad credentials with coded JSON', async () => {
    const notAttacked = await get(imagePath(3, 'adversarial.png'));
    expect(notAttacked.status).toBe(404);
    expect(await notAttacked.json()).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'NOT_FOUND' } }] });
    expect((await get(imagePath(0, 'secret.txt'))).status).toBe(404);
    expect((await get(`/artifacts/run/${a.runId}/image/..%2F..%2Fetc/clean.png`)).status).toBe(404);
    const anonymous = await get(imagePath(0, 'clean.png'), {});
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    expect((await get(imagePath(0, 'clean.png'), { authorization: 'Bearer rfk_nope' })).status).toBe(401);
  });
});

describe('dataset image route', () => {
  it('serves a dataset image to its team and NOT_FOUND to another team, a wrong dataset or nobody', async () => {
    const path = `/artifacts/dataset/${a.datasetId}/image/${a.imageIds[1]}`;
    const own = await get(path);
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toBe('image/png');
    expect(own.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await own.arrayBuffer())).toEqual(Buffer.from(await (await get(imagePath(1, 'clean.png'))).arrayBuffer()));
    const b = await seedTeam(db.prisma, api.store, 'files-b', { images: 2 });
    const tokenB = (await issueApiToken(db.prisma, { userId: b.viewer.id, teamId: b.team.id, name: 'files-b', role: 'VIEWER' })).secret;
    const foreign = await get(path, { authorization: `Bearer ${tokenB}` });
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });
    expect((await get(`/artifacts/dataset/${b.datasetId}/image/${a.imageIds[1]}`, { authorization: `Bearer ${tokenB}` })).status).toBe(404);
    expect((await get(`/artifacts/dataset/${a.datasetId}/image/${b.imageIds[0]}`)).status).toBe(404);
    expect((await get(path, {})).status).toBe(401);
  });
});

describe('export routes', () => {
  it('exports the run’s results as CSV (formula-safe) and JSON', async () => {
    const csv = await get(`/exports/run/${a.runId}/results.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe('image_id,image_key,split,mos,mos_std,clean_score,target_score,attacked_score_float,attacked_score,score_change,clean_rank,attacked_rank,linf,l2,psnr,ssim,duration_ms,perturbed_at');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toContain(`${a.imageIds[0]},img-000.png,TEST,10,1.5,20,,,65,45,4,1`);
    const json = (await (await get(`/exports/run/${a.runId}/results.json`)).json()) as { run: { id: string }; results: Array<Record<string, unknown>> };
    expect(json.run.id).toBe(a.runId);
    expect(json.results[0]).toMatchObject({ image_key: 'img-000.png', clean_score: 20, attacked_score: 65, score_change: 45 });
  });
});
