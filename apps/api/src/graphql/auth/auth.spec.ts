import { addMember, changeMemberRole, createTeamWithOwner, createUser, issueApiToken, removeMember, revokeApiToken } from '@rankfall/db';
import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type RunningApi } from '../../create-api-server';
import { postGraphQL, sessionCookieFrom } from '../../testing/http-client';
import { createTestApi, type TestApi } from '../../testing/test-api';

let db: TestDatabase;
let api: TestApi;
let server: RunningApi;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_api_auth' });
  api = await createTestApi(db.prisma);
  server = await startApiServer({
    prisma: db.prisma,
    databaseUrl: db.url,
    artifactStore: api.store,
    port: 0,
    host: '127.0.0.1',
    webOrigins: [],
    config: { signInRateLimit: { maxFailures: 3, windowMs: 60_000 } },
  });
});
afterAll(async () => {
  await server?.stop();
  await api?.stop();
  await db?.drop();
});

const SIGN_UP = 'mutation ($email: String!, $name: String!, $password: String!) { signUp(email: $email, name: $name, password: $password) { user { id email name } } }';
const SIGN_IN = 'mutation ($email: String!, $password: String!) { signIn(email: $email, password: $password) { user { email } } }';
const VIEWER = '{ viewer { via user { email } teams { slug role } } }';

describe('sign-up, sign-in and sign-out with a cookie session', () => {
  it('signs up into a personal team as OWNER with an httpOnly SameSite=Lax cookie whose value is stored only hashed', async () => {
    const signUp = await postGraphQL(server.url, SIGN_UP, { email: 'Ada@Lab.org', name: 'Ada', password: 'a long passphrase' });
    expect(signUp.errors).toBeUndefined();
    const cookie = sessionCookieFrom(signUp.headers);
    expect(cookie?.attributes).toMatch(/HttpOnly/);
    expect(cookie?.attributes).toMatch(/SameSite=Lax/);
    expect(cookie?.attributes).toMatch(/Path=\//);
    expect(cookie?.attributes).not.toMatch(/Secure/);
    const value = decodeURIComponent(cookie!.pair.split('=')[1]!);
    expect(await db.prisma.session.count({ where: { tokenHash: value } })).toBe(0);
    expect(await db.prisma.session.count()).toBe(1);

    const viewer = await postGraphQL<{ viewer: { via: string; user: { email: string }; teams: Array<{ slug: string; role: string }> } }>(server.url, VIEWER, {}, { cookie: cookie!.pair });
    expect(viewer.data?.viewer.via).toBe('USER');
    expect(viewer.data?.viewer.user.email).toBe('ada@lab.org');
    expect(viewer.data?.viewer.teams).toEqual([{ slug: expect.stringMatching(/^ada-[0-9a-f]{6}$/), role: 'OWNER' }]);

    const signOut = await postGraphQL(server.url, 'mutation { signOut }', {}, { cookie: cookie!.pair });
    expect(signOut.data).toEqual({ signOut: true });
    expect(sessionCookieFrom(signOut.headers)?.attributes).toMatch(/Max-Age=0/);
    expect(await db.prisma.session.count()).toBe(0);
    expect((await postGraphQL(server.url, VIEWER, {}, { cookie: cookie!.pair })).data).toEqual({ viewer: null });
  });

  it('refuses a taken email, a short password and a malformed email with coded errors', async () => {
    expect((await postGraphQL(server.url, SIGN_UP, { email: 'ada@lab.org', name: 'Again', password: 'a long passphrase' })).code).toBe('CONFLICT');
    const short = await postGraphQL(server.url, SIGN_UP, { email: 'bob@lab.org', name: 'Bob', password: 'short' });
    expect(short.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
    expect((await postGraphQL(server.url, SIGN_UP, { email: 'not-an-email', name: 'Bob', password: 'a long passphrase' })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
    expect(await db.prisma.user.count({ where: { email: 'bob@lab.org' } })).toBe(0);
  });

  it('signs in with the right password and answers a wrong one or an unknown email alike', async () => {
    const ok = await postGraphQL(server.url, SIGN_IN, { email: 'ada@lab.org', password: 'a long passphrase' });
    expect(ok.data).toEqual({ signIn: { user: { email: 'ada@lab.org' } } });
    expect(sessionCookieFrom(ok.headers)).not.toBeNull();
    const wrong = await postGraphQL(server.url, SIGN_IN, { email: 'ada@lab.org', password: 'wrong passphrase' });
    const unknown = await postGraphQL(server.url, SIGN_IN, { email: 'nobody@lab.org', password: 'wrong passphrase' });
    expect(wrong.errors?.[0]).toMatchObject({ message: 'Wrong email or password', extensions: { code: 'UNAUTHENTICATED' } });
    expect(unknown.errors?.[0]).toEqual(wrong.errors?.[0]);
    expect(sessionCookieFrom(wrong.headers)).toBeNull();
  });

  it('rate-limits failed sign-ins per email and IP with RATE_LIMITED, even for the right password', async () => {
    await createUser(db.prisma, { email: 'eve@lab.org', name: 'Eve', password: 'the right passphrase' });
    for (let i = 0; i < 3; i++) expect((await postGraphQL(server.url, SIGN_IN, { email: 'eve@lab.org', password: `guess ${i}` })).code).toBe('UNAUTHENTICATED');
    const limited = await postGraphQL(server.url, SIGN_IN, { email: 'eve@lab.org', password: 'the right passphrase' });
    expect(limited.errors?.[0]?.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    // Another email from the same IP is not affected.
    expect((await postGraphQL(server.url, SIGN_IN, { email: 'ada@lab.org', password: 'a long passphrase' })).data).toEqual({ signIn: { user: { email: 'ada@lab.org' } } });
  });
});

describe('API tokens as Bearer credentials', () => {
  it('answers unknown, expired and revoked tokens with HTTP 401 UNAUTHENTICATED', async () => {
    const owner = await createUser(db.prisma, { email: 'tok@lab.org', name: 'Tok' });
    const team = await createTeamWithOwner(db.prisma, { slug: 'tok-team', name: 'Tok', ownerId: owner.id });
    const live = await issueApiToken(db.prisma, { userId: owner.id, teamId: team.id, name: 'live', role: 'MEMBER' });
    const expired = await issueApiToken(db.prisma, { userId: owner.id, teamId: team.id, name: 'expired', expiresAt: new Date(Date.now() - 1000) });
    const revoked = await issueApiToken(db.prisma, { userId: owner.id, teamId: team.id, name: 'revoked' });
    await revokeApiToken(db.prisma, { id: revoked.token.id, teamId: team.id, userId: owner.id });

    const ok = await postGraphQL(server.url, VIEWER, {}, { authorization: `Bearer ${live.secret}` });
    expect(ok.status).toBe(200);
    expect(ok.data).toEqual({ viewer: { via: 'TOKEN', user: { email: 'tok@lab.org' }, teams: [{ slug: 'tok-team', role: 'MEMBER' }] } });
    for (const secret of ['rfk_unknown', expired.secret, revoked.secret]) {
      const refused = await postGraphQL(server.url, VIEWER, {}, { authorization: `Bearer ${secret}` });
      expect(refused.status).toBe(401);
      expect(refused.code).toBe('UNAUTHENTICATED');
      expect(refused.data).toBeUndefined();
    }
  });

  it('caps a token at its owner’s current role, and removing the member revokes it', async () => {
    const boss = await createUser(db.prisma, { email: 'boss@lab.org', name: 'Boss' });
    const worker = await createUser(db.prisma, { email: 'worker@lab.org', name: 'Worker' });
    const team = await createTeamWithOwner(db.prisma, { slug: 'cap-team', name: 'Cap', ownerId: boss.id });
    await addMember(db.prisma, { teamId: team.id, userId: worker.id, role: 'ADMIN' });
    const { secret } = await issueApiToken(db.prisma, { userId: worker.id, teamId: team.id, name: 'w', role: 'ADMIN' });
    await changeMemberRole(db.prisma, { teamId: team.id, userId: worker.id, role: 'VIEWER' });
    const demoted = await postGraphQL<{ viewer: { teams: unknown[] } }>(server.url, VIEWER, {}, { authorization: `Bearer ${secret}` });
    expect(demoted.data?.viewer.teams).toEqual([{ slug: 'cap-team', role: 'VIEWER' }]);
    await removeMember(db.prisma, { teamId: team.id, userId: worker.id });
    expect((await postGraphQL(server.url, VIEWER, {}, { authorization: `Bearer ${secret}` })).status).toBe(401);
  });
});
