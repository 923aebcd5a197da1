/**
 * GraphQL latency of a filtered, paginated image-results query over one run of 100 000 image results, against the
 * equivalent raw SQL on the same database in the same process run. The API is the real server (HTTP, Bearer token,
 * DataLoaders, authorization); the raw SQL is one pg query for the same page (same filter, order and limit, plus
 * the image columns the GraphQL query asks for, written as well as it can be: on the indexed scoreChange column,
 * keyset-paginated like the API).
 * Requests alternate GraphQL / SQL; filters and pages vary.
 *
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx tools/bench/graphql-image-results.bench.ts [--rows 100000] [--requests 300]
 */
import { cpus, loadavg } from 'node:os';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { issueApiToken, LocalArtifactStore } from '../../libs/db/src/index';
import { createTestDatabase } from '../../libs/db/src/testing/index';
import { startApiServer } from '../../apps/api/src/create-api-server';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' }, requests: { type: 'string', default: '300' } } });
const rows = Number(values.rows);
const requests = Number(values.requests);

const db = await createTestDatabase({ prefix: 'rankfall_bench_gql' });
const dir = await mkdtemp(join(tmpdir(), 'rankfall-bench-'));
const p = db.prisma;
const user = await p.user.create({ data: { email: 'bench@example.test', name: 'Bench' } });
const team = await p.team.create({ data: { slug: 'bench', name: 'Bench', memberships: { create: { userId: user.id, role: 'OWNER' } } } });
const model = await p.model.create({ data: { teamId: team.id, name: 'm', catalogId: 'rankfall-demo-cnn', architecture: 'compact-cnn', lowerBetter: false, scoreMin: 0, scoreMax: 100, inputKind: 'any' } });
const dataset = await p.dataset.create({ data: { teamId: team.id, name: 'd', version: '1', format: 'synthetic', mosMin: 0, mosMax: 100, lowerBetter: false, source: 's', licence: 'l', imageCount: rows } });
const run = await p.run.create({ data: { teamId: team.id, modelId: model.id, datasetId: dataset.id, attackId: 'sma', config: {}, seed: 1, status: 'SUCCEEDED', imageCount: rows } });
const started = Date.now();
await p.$executeRawUnsafe(`
  INSERT INTO "Image" (id, "datasetId", key, sha256, width, height, mos, split)
  SELECT 'img' || g, '${dataset.id}', 'images/' || lpad(g::text, 6, '0') || '.png', md5(g::text) || md5(g::text), 64, 64, (g::bigint * 7919 % 10000) / 100.0, (ARRAY['TRAIN','VAL','TEST'])[1 + g % 3]::"Split"
  FROM generate_series(1, ${rows}) g`);
await p.$executeRawUnsafe(`
  INSERT INTO "ImageResult" (id, "runId", "imageId", "cleanScore", "targetScore", "attackedScore", "cleanRank", "attackedRank", linf, psnr, ssim, trajectory, "perturbedAt", "updatedAt")
  SELECT 'res' || g, '${run.id}', 'img' || g, (g::bigint * 7919 % 10000) / 100.0, 100 - (g::bigint * 7919 % 10000) / 100.0, (g::bigint * 104729 % 10000) / 100.0, g, ${rows} - g + 1, 0.0039, 48, 0.998, ARRAY[1,2,3]::float8[], now(), now()
  FROM generate_series(1, ${rows}) g`);
await p.$executeRawUnsafe('ANALYZE');
console.log(`seeded ${rows} image results in ${((Date.now() - started) / 1000).toFixed(1)} s`);

const { secret } = await issueApiToken(p, { userId: user.id, teamId: team.id, name: 'bench', role: 'VIEWER' });
const api = await startApiServer({ prisma: p, artifactStore: new LocalArtifactStore(join(dir, 'a')), port: 0, host: '127.0.0.1', webOrigins: [], databaseUrl: db.url, logger: { error: () => undefined, info: () => undefined } });
const raw = new pg.Client({ connectionString: db.url });
await raw.connect();

const QUERY = `query($runId: ID!, $filter: ImageResultFilter, $after: String) {
  imageResults(runId: $runId, filter: $filter, orderBy: { field: SCORE_CHANGE, direction: DESC }, first: 100, after: $after) {
    edges { cursor node { id cleanScore attackedScore scoreChange rankMoved image { key mos split } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const filters = [
  { mos: { gte: 20, lte: 80 }, scoreChangeAbsGt: 10 },
  { AND: [{ splitIn: ['TEST', 'VAL'] }, { rankMovedGt: 1000 }] },
  { OR: [{ mos: { lt: 10 } }, { mos: { gt: 90 } }], scoreChangeAbsGt: 5 },
];
const sqlOf = [
  `i.mos >= 20 AND i.mos <= 80 AND abs(ir."scoreChange") > 10`,
  `i.split::text IN ('TEST','VAL') AND ir."rankMoved" > 1000`,
  `(i.mos < 10 OR i.mos > 90) AND abs(ir."scoreChange") > 5`,
];

async function graphqlPage(filter: unknown, after: string | null): Promise<{ ms: number; endCursor: string | null; n: number }> {
  const t = performance.now();
  const response = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` }, body: JSON.stringify({ query: QUERY, variables: { runId: run.id, filter, after } }) });
  const body = (await response.json()) as { data?: { imageResults: { edges: unknown[]; pageInfo: { endCursor: string | null } } }; errors?: unknown };
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return { ms: performance.now() - t, endCursor: body.data.imageResults.pageInfo.endCursor, n: body.data.imageResults.edges.length };
}

async function sqlPage(where: string, after: { value: number; id: string } | null): Promise<{ ms: number; n: number; last: { value: number; id: string } | null }> {
  const t = performance.now();
  const keyset = after ? `AND (ir."scoreChange" < ${String(after.value)}::float8 OR (ir."scoreChange" = ${String(after.value)}::float8 AND ir.id > '${after.id}'))` : '';
  const result = await raw.query<{ id: string; scoreChange: number }>(
    `SELECT ir.id, ir."cleanScore", ir."attackedScore", ir."scoreChange", ir."rankMoved", i.key, i.mos, i.split
     FROM "ImageResult" ir JOIN "Image" i ON i.id = ir."imageId" JOIN "Run" r ON r.id = ir."runId"
     WHERE r."teamId" = $1 AND r."deletedAt" IS NULL AND ir."runId" = $2 AND ir."scoreChange" IS NOT NULL AND ${where} ${keyset}
     ORDER BY ir."scoreChange" DESC NULLS FIRST, ir.id ASC LIMIT 100`,
    [team.id, run.id],
  );
  const lastRow = result.rows.at(-1);
  return { ms: performance.now() - t, n: result.rowCount ?? 0, last: lastRow ? { value: lastRow.scoreChange, id: lastRow.id } : null };
}

const percentile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const gqlMs: number[] = [];
const sqlMs: number[] = [];
// Warm-up (connections, plans, JIT): not measured.
for (let i = 0; i < 20; i += 1) {
  await graphqlPage(filters[i % 3], null);
  await sqlPage(sqlOf[i % 3]!, null);
}
const cursors: Array<string | null> = [null, null, null];
const sqlCursors: Array<{ value: number; id: string } | null> = [null, null, null];
for (let i = 0; i < requests; i += 1) {
  const f = i % 3;
  const page = Math.floor(i / 3) % 5;
  if (page === 0) {
    cursors[f] = null;
    sqlCursors[f] = null;
  }
  const g = await graphqlPage(filters[f], cursors[f] ?? null);
  cursors[f] = g.endCursor;
  gqlMs.push(g.ms);
  const s = await sqlPage(sqlOf[f]!, sqlCursors[f] ?? null);
  sqlCursors[f] = s.last;
  sqlMs.push(s.ms);
}
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}; node ${process.version}`);
console.log(`GraphQL (HTTP, Bearer, 100 results + image per page, 3 filters × pages 1–5, cursors): p50 ${percentile(gqlMs, 0.5).toFixed(1)} ms, p95 ${percentile(gqlMs, 0.95).toFixed(1)} ms over ${gqlMs.length}`);
console.log(`raw SQL (pg, same page):                                          p50 ${percentile(sqlMs, 0.5).toFixed(1)} ms, p95 ${percentile(sqlMs, 0.95).toFixed(1)} ms over ${sqlMs.length}`);
console.log(`p95 ratio GraphQL / SQL: ${(percentile(gqlMs, 0.95) / percentile(sqlMs, 0.95)).toFixed(2)}`);
await raw.end();
await api.stop();
await db.drop();
await rm(dir, { recursive: true, force: true });
