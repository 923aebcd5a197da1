import { createTeamWithOwner, createUser, issueApiToken, startSession } from '@rankfall/db';
import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApollo, startApiServer, type RunningApi } from './create-api-server';
import { resolveViewer, SESSION_COOKIE } from './services/viewer.service';

let db: TestDatabase;
let secret: string;
let cookie: string;
beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_api' });
  const alice = await createUser(db.prisma, { email: 'alice@lab.org', name: 'Alice' });
  const mallory = await createUser(db.prisma, { email: 'mallory@other.org', name: 'Mallory' });
  const labA = await createTeamWithOwner(db.prisma, { slug: 'lab-a', name: 'Lab A', ownerId: alice.id });
  await createTeamWithOwner(db.prisma, { slug: 'lab-b', name: 'Lab B', ownerId: alice.id });
  await createTeamWithOwner(db.prisma, { slug: 'other', name: 'Other', ownerId: mallory.id });
  ({ secret } = await issueApiToken(db.prisma, { userId: alice.id, teamId: labA.id, name: 'script', role: 'VIEWER' }));
  ({ cookie } = await startSession(db.prisma, alice.id));
});
afterAll(async () => {
  await db?.drop();
});

const VIEWER = 'query { viewer { via user { email } teams { slug role } } }';

async function execute(headers: Record<string, string>) {
  const apollo = createApollo();
  const viewer = await resolveViewer(db.prisma, headers);
  const response = await apollo.executeOperation({ query: VIEWER }, { contextValue: { prisma: db.prisma, viewer } });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return response.body.singleResult;
}

describe('viewer', () => {
  it('is null without credentials and with a wrong token', async () => {
    expect((await execute({})).data).toEqual({ viewer: null });
    expect((await execute({ authorization: `Bearer ${secret}x` })).data).toEqual({ viewer: null });
  });

  it('sees only the token’s team through an API token, with the token’s role', async () => {
    expect((await execute({ authorization: `Bearer ${secret}` })).data).toEqual({
      viewer: { via: 'TOKEN', user: { email: 'alice@lab.org' }, teams: [{ slug: 'lab-a', role: 'VIEWER' }] },
    });
  });

  it('sees every own team, and never another team, through a session cookie', async () => {
    const result = await execute({ cookie: `theme=dark; ${SESSION_COOKIE}=${encodeURIComponent(cookie)}` });
    expect(result.data).toEqual({
      viewer: { via: 'USER', user: { email: 'alice@lab.org' }, teams: [{ slug: 'lab-a', role: 'OWNER' }, { slug: 'lab-b', role: 'OWNER' }] },
    });
  });
});

describe('HTTP server', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApiServer({ prisma: db.prisma, port: 0, host: '127.0.0.1', webOrigins: ['http://127.0.0.1:3000'] });
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('answers health over HTTP with the database reachable', async () => {
    const response = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ health { ok database version } }' }) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { health: { ok: true, database: true, version: '0.1.0' } } });
  });

  it('rejects an invalid query with a GraphQL error and no stack trace', async () => {
    const response = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ nope }' }) });
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
    expect(body.errors[0]?.extensions['code']).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(body)).not.toContain('stacktrace');
  });
});
