import { createTeamWithOwner, createUser, issueApiToken, startSession } from '@rankfall/db';
import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type RunningApi } from './create-api-server';
import { SESSION_COOKIE } from './services/viewer.service';
import { createTestApi, withToken, type TestApi } from './testing/test-api';

let db: TestDatabase;
let api: TestApi;
let secret: string;
let cookie: string;
beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_api' });
  api = await createTestApi(db.prisma);
  const alice = await createUser(db.prisma, { email: 'alice@lab.org', name: 'Alice' });
  const mallory = await createUser(db.prisma, { email: 'mallory@other.org', name: 'Mallory' });
  const labA = await createTeamWithOwner(db.prisma, { slug: 'lab-a', name: 'Lab A', ownerId: alice.id });
  await createTeamWithOwner(db.prisma, { slug: 'lab-b', name: 'Lab B', ownerId: alice.id });
  await createTeamWithOwner(db.prisma, { slug: 'other', name: 'Other', ownerId: mallory.id });
  ({ secret } = await issueApiToken(db.prisma, { userId: alice.id, teamId: labA.id, name: 'script', role: 'VIEWER' }));
  ({ cookie } = await startSession(db.prisma, alice.id));
});
afterAll(async () => {
  await api?.stop();
  await db?.drop();
});

const VIEWER = 'query { viewer { via user { email } teams { slug role } } }';

describe('viewer', () => {
  it('is null without credentials', async () => {
    expect((await api.execute('anonymous', VIEWER)).data).toEqual({ viewer: null });
  });

  it('sees only the token’s team through an API token, with the token’s role', async () => {
    expect((await api.execute(withToken(secret), VIEWER)).data).toEqual({
      viewer: { via: 'TOKEN', user: { email: 'alice@lab.org' }, teams: [{ slug: 'lab-a', role: 'VIEWER' }] },
    });
  });

  it('sees every own team, and never another team, through a session cookie', async () => {
    const result = await api.execute({ headers: { cookie: `theme=dark; ${SESSION_COOKIE}=${encodeURIComponent(cookie)}` } }, VIEWER);
    expect(result.data).toEqual({
      viewer: { via: 'USER', user: { email: 'alice@lab.org' }, teams: [{ slug: 'lab-a', role: 'OWNER' }, { slug: 'lab-b', role: 'OWNER' }] },
    });
  });
});

describe('HTTP server', () => {
  let server: RunningApi;
  beforeAll(async () => {
    server = await startApiServer({ prisma: db.prisma, databaseUrl: db.url, artifactStore: api.store, port: 0, host: '127.0.0.1', webOrigins: ['http://127.0.0.1:3000'] });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('answers health over HTTP with the database reachable', async () => {
    const response = await post({ query: '{ health { ok database version } }' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { health: { ok: true, database: true, version: '0.1.0' } } });
  });

  it('rejects an invalid query with a GraphQL error and no stack trace', async () => {
    const response = await post({ query: '{ nope }' });
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
    expect(body.errors[0]?.extensions['code']).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(body)).not.toContain('stacktrace');
  });

  it('answers a wrong Bearer token with HTTP 401 UNAUTHENTICATED, not as anonymous', async () => {
    for (const authorization of [`Bearer ${secret}x`, 'Bearer', 'Basic abc']) {
      const response = await post({ query: VIEWER }, { authorization });
      expect(response.status, authorization).toBe(401);
      const body = (await response.json()) as { errors: Array<{ extensions: Record<string, unknown> }> };
      expect(body.errors[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED' });
    }
    const ok = await post({ query: VIEWER }, { authorization: `Bearer ${secret}` });
    expect(ok.status).toBe(200);
  });
});
