import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { seedDemo, DEMO_USER_EMAIL } from '../seed/seed-demo';
import { withTransaction } from '../transaction';
import { authenticateApiToken, issueApiToken, listApiTokens, revokeApiToken } from './api-tokens.repository';
import { endSession, findSessionUser, startSession } from './sessions.repository';
import { addMember, createTeamWithOwner, findMembershipRole, listTeamsOfUser } from './teams.repository';
import { createUser, verifyUserPassword } from './users.repository';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe('users, teams and memberships', () => {
  it('never returns the password hash and verifies passwords', async () => {
    const user = await createUser(db.prisma, { email: 'Alice@Example.org', name: 'Alice', password: 's3cret-pass' });
    expect(user).not.toHaveProperty('passwordHash');
    expect(user.email).toBe('alice@example.org');
    expect(await verifyUserPassword(db.prisma, 'alice@example.org', 's3cret-pass')).toMatchObject({ id: user.id });
    expect(await verifyUserPassword(db.prisma, 'alice@example.org', 'nope')).toBeNull();
    expect(await verifyUserPassword(db.prisma, 'nobody@example.org', 's3cret-pass')).toBeNull();
    await expect(createUser(db.prisma, { email: 'alice@example.org', name: 'Again' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('creates a team with its owner in one transaction and scopes roles per team', async () => {
    const bob = await createUser(db.prisma, { email: 'bob@example.org', name: 'Bob' });
    const carol = await createUser(db.prisma, { email: 'carol@example.org', name: 'Carol' });
    const team = await withTransaction(db.prisma, (tx) => createTeamWithOwner(tx, { slug: 'lab-a', name: 'Lab A', ownerId: bob.id }));
    expect(await findMembershipRole(db.prisma, bob.id, team.id)).toBe('OWNER');
    expect(await findMembershipRole(db.prisma, carol.id, team.id)).toBeNull();
    await addMember(db.prisma, { teamId: team.id, userId: carol.id, role: 'VIEWER' });
    await addMember(db.prisma, { teamId: team.id, userId: carol.id, role: 'MEMBER' });
    expect(await findMembershipRole(db.prisma, carol.id, team.id)).toBe('MEMBER');
    expect((await listTeamsOfUser(db.prisma, carol.id)).map((t) => [t.slug, t.role])).toEqual([['lab-a', 'MEMBER']]);
    await expect(createTeamWithOwner(db.prisma, { slug: 'Bad Slug!', name: 'x', ownerId: bob.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    // A failing transaction leaves nothing behind.
    await expect(
      withTransaction(db.prisma, async (tx) => {
        await createTeamWithOwner(tx, { slug: 'lab-rolled-back', name: 'x', ownerId: bob.id });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await db.prisma.team.findUnique({ where: { slug: 'lab-rolled-back' } })).toBeNull();
  });
});

describe('API tokens and sessions', () => {
  it('stores only a hash, shows the secret once, and honours revocation and expiry', async () => {
    const user = await createUser(db.prisma, { email: 'tok@example.org', name: 'Tok' });
    const team = await createTeamWithOwner(db.prisma, { slug: 'tok-team', name: 'Tok team', ownerId: user.id });
    const issued = await issueApiToken(db.prisma, { userId: user.id, teamId: team.id, name: 'ci' });
    expect(issued.secret.startsWith(issued.token.prefix)).toBe(true);
    expect(issued.token).not.toHaveProperty('tokenHash');
    const stored = await db.prisma.apiToken.findUniqueOrThrow({ where: { id: issued.token.id } });
    expect(stored.tokenHash).not.toContain(issued.secret);
    expect(JSON.stringify(stored)).not.toContain(issued.secret);

    expect(await authenticateApiToken(db.prisma, issued.secret)).toMatchObject({ id: issued.token.id, teamId: team.id });
    expect(await authenticateApiToken(db.prisma, `${issued.secret}x`)).toBeNull();
    expect((await listApiTokens(db.prisma, team.id, user.id)).map((t) => t.name)).toEqual(['ci']);
    expect(await revokeApiToken(db.prisma, { id: issued.token.id, teamId: team.id, userId: user.id })).toBe(true);
    expect(await authenticateApiToken(db.prisma, issued.secret)).toBeNull();

    const expiring = await issueApiToken(db.prisma, { userId: user.id, teamId: team.id, name: 'old', expiresAt: new Date(Date.now() - 1000) });
    expect(await authenticateApiToken(db.prisma, expiring.secret)).toBeNull();
    await expect(issueApiToken(db.prisma, { userId: user.id, teamId: team.id, name: 'ci' })).rejects.toThrow();
  });

  it('starts, resolves and ends sessions by cookie hash', async () => {
    const user = await createUser(db.prisma, { email: 'sess@example.org', name: 'Sess' });
    const { cookie } = await startSession(db.prisma, user.id);
    expect(await findSessionUser(db.prisma, cookie)).toMatchObject({ id: user.id });
    expect(await db.prisma.session.count({ where: { tokenHash: cookie } })).toBe(0);
    await endSession(db.prisma, cookie);
    expect(await findSessionUser(db.prisma, cookie)).toBeNull();
  });
});

describe('seedDemo', () => {
  it('is idempotent', async () => {
    const first = await seedDemo(db.prisma, { password: 'demo-pass' });
    const second = await seedDemo(db.prisma, { password: 'demo-pass' });
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.user.id).toBe(first.user.id);
    expect(await db.prisma.user.count({ where: { email: DEMO_USER_EMAIL } })).toBe(1);
    expect(await db.prisma.membership.count({ where: { teamId: first.team.id } })).toBe(1);
  });
});

describe('constraints', () => {
  it('make duplicate images and duplicate dataset versions impossible', async () => {
    const team = await db.prisma.team.create({ data: { slug: 'constraints', name: 'c' } });
    const dataset = { teamId: team.id, name: 'koniq', version: '1', format: 'koniq10k', mosMin: 0, mosMax: 100, lowerBetter: false, source: 's', licence: 'l' };
    const created = await db.prisma.dataset.create({ data: dataset });
    await expect(db.prisma.dataset.create({ data: dataset })).rejects.toThrow(/Unique constraint/i);
    const image = { datasetId: created.id, key: 'a.png', sha256: 'x'.repeat(64), width: 1, height: 1, mos: 50 };
    await db.prisma.image.create({ data: image });
    await expect(db.prisma.image.create({ data: image })).rejects.toThrow(/Unique constraint/i);
  });
});
