import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTeam, type SeededTeam } from '../../testing/seed-world';
import { asUser, createTestApi, withToken, type TestApi } from '../../testing/test-api';

let db: TestDatabase;
let api: TestApi;
let a: SeededTeam;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_api_tokens' });
  api = await createTestApi(db.prisma);
  a = await seedTeam(db.prisma, api.store, 'tok-a', { images: 2 });
});
afterAll(async () => {
  await api?.stop();
  await db?.drop();
});

const CREATE = 'mutation ($teamId: ID!, $name: String!, $role: TeamRole!, $days: Int) { createApiToken(teamId: $teamId, name: $name, role: $role, expiresInDays: $days) { secret token { id name prefix role expiresAt owner { email } } } }';
const LIST = 'query ($slug: String!) { team(slug: $slug) { apiTokens { id name prefix role revokedAt owner { email } } } }';
const ROLES = ['VIEWER', 'MEMBER', 'ADMIN', 'OWNER'] as const;

type Created = { createApiToken: { secret: string; token: { id: string; name: string; prefix: string; role: string; expiresAt: string | null } } };

describe('API tokens', () => {
  it.each([
    ['viewer', 0],
    ['member', 1],
    ['admin', 2],
    ['owner', 3],
  ] as const)('a %s mints tokens up to their own role and no higher', async (who, rank) => {
    const user = a[who];
    for (const [index, role] of ROLES.entries()) {
      const result = await api.execute<Created>(asUser(user), CREATE, { teamId: a.team.id, name: `${who}-${role}`, role });
      if (index <= rank) {
        expect(result.errors, `${who} → ${role}`).toBeUndefined();
        expect(result.data?.createApiToken.token.role).toBe(role);
      } else {
        expect(result.code, `${who} → ${role}`).toBe('FORBIDDEN');
      }
    }
  });

  it('shows the secret once, lists the prefix and never the hash, and the secret authenticates with the token role', async () => {
    const created = await api.execute<Created>(asUser(a.member), CREATE, { teamId: a.team.id, name: 'ci', role: 'VIEWER', days: 30 });
    const { secret, token } = created.data!.createApiToken;
    expect(secret.startsWith(token.prefix)).toBe(true);
    expect(new Date(token.expiresAt!).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const listed = await api.execute<{ team: { apiTokens: Array<Record<string, unknown>> } }>(asUser(a.member), LIST, { slug: 'tok-a' });
    expect(JSON.stringify(listed.data)).not.toContain(secret);
    expect(listed.data?.team.apiTokens.every((t) => (t['owner'] as { email: string }).email === 'member@tok-a.test')).toBe(true);
    expect((await api.execute(asUser(a.member), 'query { team(slug: "tok-a") { apiTokens { tokenHash } } }')).code).toBe('GRAPHQL_VALIDATION_FAILED');
    const viaToken = await api.execute(withToken(secret), 'query { viewer { via teams { slug role } } }');
    expect(viaToken.data).toEqual({ viewer: { via: 'TOKEN', teams: [{ slug: 'tok-a', role: 'VIEWER' }] } });
    expect((await api.execute(asUser(a.member), CREATE, { teamId: a.team.id, name: 'ci', role: 'VIEWER' })).code).toBe('CONFLICT');
  });

  it('refuses minting from a token (a session is needed) and an out-of-range expiry', async () => {
    const created = await api.execute<Created>(asUser(a.admin), CREATE, { teamId: a.team.id, name: 'admin-bot', role: 'ADMIN' });
    expect((await api.execute(withToken(created.data!.createApiToken.secret), CREATE, { teamId: a.team.id, name: 'child', role: 'VIEWER' })).code).toBe('FORBIDDEN');
    expect((await api.execute(asUser(a.admin), CREATE, { teamId: a.team.id, name: 'forever', role: 'VIEWER', days: 100_000 })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'expiresInDays' });
  });

  it('lets members see and revoke their own tokens and ADMIN+ everyone’s', async () => {
    const own = await api.execute<{ team: { apiTokens: Array<{ id: string; owner: { email: string } }> } }>(asUser(a.viewer), LIST, { slug: 'tok-a' });
    expect(new Set(own.data?.team.apiTokens.map((t) => t.owner.email))).toEqual(new Set(['viewer@tok-a.test']));
    const all = await api.execute<typeof own.data>(asUser(a.admin), LIST, { slug: 'tok-a' });
    expect(new Set(all.data?.team.apiTokens.map((t) => t.owner.email))).toEqual(new Set(['viewer@tok-a.test', 'member@tok-a.test', 'admin@tok-a.test', 'owner@tok-a.test']));
    const memberToken = all.data!.team.apiTokens.find((t) => t.owner.email === 'member@tok-a.test')!;
    const REVOKE = 'mutation ($teamId: ID!, $id: ID!) { revokeApiToken(teamId: $teamId, id: $id) }';
    expect((await api.execute(asUser(a.viewer), REVOKE, { teamId: a.team.id, id: memberToken.id })).code).toBe('NOT_FOUND');
    expect((await api.execute(asUser(a.admin), REVOKE, { teamId: a.team.id, id: memberToken.id })).data).toEqual({ revokeApiToken: true });
    expect((await api.execute(asUser(a.admin), REVOKE, { teamId: a.team.id, id: memberToken.id })).code).toBe('NOT_FOUND');
  });
});
