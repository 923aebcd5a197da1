import { createPrismaClient, createUser, issueApiToken, createTeamWithOwner } from '@rankfall/db';
import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type RunningApi } from '../create-api-server';
import { postGraphQL } from '../testing/http-client';
import { asUser, createTestApi, type TestApi } from '../testing/test-api';

let db: TestDatabase;
let api: TestApi;
let server: RunningApi;
let production: RunningApi;
let token: string;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_api_hardening' });
  api = await createTestApi(db.prisma);
  const user = await createUser(db.prisma, { email: 'hard@lab.org', name: 'Hard' });
  const team = await createTeamWithOwner(db.prisma, { slug: 'hard', name: 'Hard', ownerId: user.id });
  token = (await issueApiToken(db.prisma, { userId: user.id, teamId: team.id, name: 'h', role: 'VIEWER' })).secret;
  const common = { prisma: db.prisma, databaseUrl: db.url, artifactStore: api.store, port: 0, host: '127.0.0.1', webOrigins: [] };
  server = await startApiServer(common);
  production = await startApiServer({ ...common, config: { introspection: false } });
});
afterAll(async () => {
  await production?.stop();
  await server?.stop();
  await api?.stop();
  await db?.drop();
});

/** No stack frame, host path, SQL or HTML in a body meant for clients. */
function expectNoInternals(text: string): void {
  for (const leak of ['    at ', '/work/', 'node_modules', 'SELECT', '<html', '<pre>', 'stacktrace']) expect(text, leak).not.toContain(leak);
}

async function raw(body: string, headers: Record<string, string>) {
  const response = await fetch(server.url, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type') ?? '', text, json: JSON.parse(text) as { errors: Array<{ message: string; extensions: { code: string } }> } };
}

describe('request bodies', () => {
  it('answers malformed JSON with a coded JSON error', async () => {
    const response = await raw('{"query": "{ health { ok } }"', { 'content-type': 'application/json' });
    expect(response.status).toBe(400);
    expect(response.type).toMatch(/^application\/json/);
    expect(response.json.errors[0]?.extensions.code).toBe('BAD_REQUEST');
    expectNoInternals(response.text);
  });

  it('answers a wrong content type with a coded JSON error', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const response = await raw('query={health{ok}}', { 'content-type': type });
      expect(response.status, type).toBe(415);
      expect(response.json.errors[0]?.extensions.code).toBe('BAD_REQUEST');
      expectNoInternals(response.text);
    }
  });

  it('answers a body over 1 MB with 413 and a coded JSON error, not Express’s HTML page', async () => {
    const response = await raw(JSON.stringify({ query: '{ health { ok } }', variables: { pad: 'x'.repeat(1_100_000) } }), { 'content-type': 'application/json' });
    expect(response.status).toBe(413);
    expect(response.json.errors[0]).toEqual({ message: 'The request body is larger than 1 MB', extensions: { code: 'BAD_REQUEST' } });
    expectNoInternals(response.text);
  });

  it('answers unknown routes with coded JSON', async () => {
    const response = await fetch(`${server.origin}/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });
  });
});

describe('operation limits', () => {
  it('refuses operations deeper than 12 levels with QUERY_TOO_DEEP, fragments included', async () => {
    const deep = `{ team(slug: "hard") { runs { edges { node { imageResults { edges { node { run { imageResults { edges { node { image { dataset { name } } } } } } } } } } } } } }`;
    const refused = await postGraphQL(server.url, deep, {}, { authorization: `Bearer ${token}` });
    expect(refused.status).toBe(400);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', depth: 14, maxDepth: 12 });
    const viaFragment = `query { team(slug: "hard") { ...Deep } } fragment Deep on Team { runs { edges { node { imageResults { edges { node { run { imageResults { edges { node { image { key } } } } } } } } } } } }`;
    expect((await postGraphQL(server.url, viaFragment)).code).toBe('QUERY_TOO_DEEP');
    const fine = '{ team(slug: "hard") { runs { edges { node { imageResults { edges { node { image { dataset { name } } } } } } } } } }';
    expect((await postGraphQL(server.url, fine, {}, { authorization: `Bearer ${token}` })).errors).toBeUndefined();
  });

  it('refuses operations over the cost limit with QUERY_TOO_COMPLEX before running them', async () => {
    const wide = '{ team(slug: "hard") { runs(first: 100) { edges { node { imageResults(first: 100) { edges { node { id cleanScore attackedScore } } } } } } } }';
    const refused = await postGraphQL(server.url, wide, {}, { authorization: `Bearer ${token}` });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', maxCost: 20_000 });
    const variable = 'query ($n: Int) { team(slug: "hard") { runs(first: $n) { edges { node { imageResults(first: $n) { edges { node { id } } } } } } } }';
    expect((await postGraphQL(server.url, variable, { n: 1 })).code).toBe('QUERY_TOO_COMPLEX');
  });

  it('still allows the standard introspection query when introspection is on', async () => {
    const introspection = '{ __schema { types { name fields { name type { name kind ofType { name kind ofType { name kind ofType { name kind ofType { name } } } } } } } } }';
    const result = await postGraphQL<{ __schema: { types: unknown[] } }>(server.url, introspection);
    expect(result.errors).toBeUndefined();
    expect(result.data?.__schema.types.length).toBeGreaterThan(20);
  });
});

describe('production mode (introspection off)', () => {
  it('refuses introspection and leaks no field names through “Did you mean” suggestions', async () => {
    expect((await postGraphQL(production.url, '{ __schema { types { name } } }')).code).toBe('GRAPHQL_VALIDATION_FAILED');
    const typo = await postGraphQL(production.url, '{ viewr { via } }');
    expect(typo.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(typo.errors?.[0]?.message).not.toMatch(/Did you mean|viewer/);
    const devTypo = await postGraphQL(server.url, '{ viewr { via } }');
    expect(devTypo.errors?.[0]?.message).toMatch(/Did you mean "viewer"/);
  });
});

describe('GET /graphql in a browser', () => {
  it('shows an offline HTML page that says how to query, with no scripts or CDN', async () => {
    const response = await fetch(server.url, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toContain('Rankfall GraphQL API');
    expect(html).toContain('content-type: application/json');
    expect(html).not.toMatch(/<script|<link|src=|apollographql|cdn/i);
  });
});

describe('error masking', () => {
  it('turns unexpected failures into INTERNAL_SERVER_ERROR without internals, and logs them on the server', async () => {
    const broken = createPrismaClient('postgresql://postgres@127.0.0.1:1/unreachable', { poolSize: 1 });
    const brokenApi = await createTestApi(broken);
    try {
      const user = { id: 'u1', email: 'x@y.z', name: 'X', createdAt: new Date() };
      const result = await brokenApi.execute(asUser(user), '{ team(slug: "hard") { id } }');
      expect(result.errors).toEqual([{ message: 'Internal server error', path: ['team'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
      expectNoInternals(JSON.stringify(result));
      expect(JSON.stringify(result)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|prisma/i);
      expect(brokenApi.logged.join('\n')).toMatch(/unexpected error/);
    } finally {
      await brokenApi.stop();
      await broken.$disconnect();
    }
  });
});
