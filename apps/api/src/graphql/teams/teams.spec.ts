import { createUser } from '@rankfall/db';
import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTeam, type SeededTeam } from '../../testing/seed-world';
import { asUser, createTestApi, type TestApi } from '../../testing/test-api';

let db: TestDatabase;
let api: TestApi;
let a: SeededTeam;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_api_teams' });
  api = await createTestApi(db.prisma);
  a = await seedTeam(db.prisma, api.store, 'team-a');
});
afterAll(async () => {
  await api?.stop();
  await db?.drop();
});

const MEMBERS = 'query ($slug: String!, $first: Int, $after: String) { team(slug: $slug) { id role members(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { role user { email } } } } } }';
const INVITE = 'mutation ($teamId: ID!, $email: String!, $role: TeamRole!) { inviteMember(teamId: $teamId, email: $email, role: $role) { role user { email } } }';
const CHANGE = 'mutation ($teamId: ID!, $userId: ID!, $role: TeamRole!) { changeRole(teamId: $teamId, userId: $userId, role: $role) { role } }';
const REMOVE = 'mutation ($teamId: ID!, $userId: ID!) { removeMember(teamId: $teamId, userId: $userId) }';

describe('teams and members', () => {
  it('lists members with roles, paged by cursor', async () => {
    const first = await api.execute<{ team: { role: string; members: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: Array<{ node: { role: string; user: { email: string } } }> } } }>(
      asUser(a.viewer),
      MEMBERS,
      { slug: 'team-a', first: 3 },
    );
    expect(first.data?.team.role).toBe('VIEWER');
    expect(first.data?.team.members.totalCount).toBe(4);
    expect(first.data?.team.members.edges.map((e) => e.node.role)).toEqual(['OWNER', 'ADMIN', 'MEMBER']);
    expect(first.data?.team.members.pageInfo.hasNextPage).toBe(true);
    const rest = await api.execute<typeof first.data>(asUser(a.viewer), MEMBERS, { slug: 'team-a', first: 3, after: first.data?.team.members.pageInfo.endCursor });
    expect(rest.data?.team.members.edges.map((e) => e.node.user.email)).toEqual(['viewer@team-a.test']);
    expect(rest.data?.team.members.pageInfo.hasNextPage).toBe(false);
    expect((await api.execute(asUser(a.viewer), MEMBERS, { slug: 'team-a', after: 'garbage' })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('creates a team with the creator as OWNER and refuses a taken or malformed slug', async () => {
    const created = await api.execute(asUser(a.member), 'mutation { createTeam(slug: "new-lab", name: "New lab") { slug role } }');
    expect(created.data).toEqual({ createTeam: { slug: 'new-lab', role: 'OWNER' } });
    expect((await api.execute(asUser(a.member), 'mutation { createTeam(slug: "new-lab", name: "x") { slug } }')).code).toBe('CONFLICT');
    expect((await api.execute(asUser(a.member), 'mutation { createTeam(slug: "Bad Slug", name: "x") { slug } }')).code).toBe('BAD_USER_INPUT');
  });

  it('lets ADMIN+ invite existing users, naming a missing email, and keeps OWNER grants to OWNERs', async () => {
    await createUser(db.prisma, { email: 'newbie@lab.org', name: 'Newbie' });
    expect((await api.execute(asUser(a.member), INVITE, { teamId: a.team.id, email: 'newbie@lab.org', role: 'VIEWER' })).code).toBe('FORBIDDEN');
    const missing = await api.execute(asUser(a.admin), INVITE, { teamId: a.team.id, email: 'ghost@lab.org', role: 'VIEWER' });
    expect(missing.errors?.[0]).toMatchObject({ message: expect.stringContaining('ghost@lab.org'), extensions: { code: 'BAD_USER_INPUT', field: 'email' } });
    expect((await api.execute(asUser(a.admin), INVITE, { teamId: a.team.id, email: 'newbie@lab.org', role: 'OWNER' })).code).toBe('FORBIDDEN');
    expect((await api.execute(asUser(a.admin), INVITE, { teamId: a.team.id, email: 'newbie@lab.org', role: 'MEMBER' })).data).toEqual({ inviteMember: { role: 'MEMBER', user: { email: 'newbie@lab.org' } } });
    expect((await api.execute(asUser(a.admin), INVITE, { teamId: a.team.id, email: 'newbie@lab.org', role: 'MEMBER' })).code).toBe('CONFLICT');
  });

  it('changes roles within the rules and never leaves the team without an OWNER', async () => {
    expect((await api.execute(asUser(a.admin), CHANGE, { teamId: a.team.id, userId: a.viewer.id, role: 'MEMBER' })).data).toEqual({ changeRole: { role: 'MEMBER' } });
    expect((await api.execute(asUser(a.admin), CHANGE, { teamId: a.team.id, userId: a.viewer.id, role: 'OWNER' })).code).toBe('FORBIDDEN');
    expect((await api.execute(asUser(a.admin), CHANGE, { teamId: a.team.id, userId: a.owner.id, role: 'ADMIN' })).code).toBe('FORBIDDEN');
    expect((await api.execute(asUser(a.member), CHANGE, { teamId: a.team.id, userId: a.viewer.id, role: 'VIEWER' })).code).toBe('FORBIDDEN');
    const lastOwner = await api.execute(asUser(a.owner), CHANGE, { teamId: a.team.id, userId: a.owner.id, role: 'ADMIN' });
    expect(lastOwner.code).toBe('CONFLICT');
    expect((await api.execute(asUser(a.owner), REMOVE, { teamId: a.team.id, userId: a.owner.id })).code).toBe('CONFLICT');
    // With a second OWNER the first may step down.
    expect((await api.execute(asUser(a.owner), CHANGE, { teamId: a.team.id, userId: a.admin.id, role: 'OWNER' })).data).toEqual({ changeRole: { role: 'OWNER' } });
    expect((await api.execute(asUser(a.owner), CHANGE, { teamId: a.team.id, userId: a.owner.id, role: 'ADMIN' })).data).toEqual({ changeRole: { role: 'ADMIN' } });
    expect((await api.execute(asUser(a.admin), CHANGE, { teamId: a.team.id, userId: a.owner.id, role: 'OWNER' })).data).toEqual({ changeRole: { role: 'OWNER' } });
  });

  it('keeps one OWNER when two OWNERs demote each other at the same time', async () => {
    const [x, y] = [await createUser(db.prisma, { email: 'x@race.org', name: 'X' }), await createUser(db.prisma, { email: 'y@race.org', name: 'Y' })];
    const created = await api.execute<{ createTeam: { id: string } }>(asUser(x), 'mutation { createTeam(slug: "race", name: "Race") { id } }');
    const teamId = created.data!.createTeam.id;
    await api.execute(asUser(x), INVITE, { teamId, email: 'y@race.org', role: 'OWNER' });
    const results = await Promise.all([
      api.execute(asUser(x), CHANGE, { teamId, userId: x.id, role: 'ADMIN' }),
      api.execute(asUser(y), CHANGE, { teamId, userId: y.id, role: 'ADMIN' }),
    ]);
    expect(results.map((r) => r.code ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
    expect(await db.prisma.membership.count({ where: { teamId, role: 'OWNER' } })).toBe(1);
  });

  it('lets a member leave, ADMIN+ remove, and only an OWNER delete the team', async () => {
    const newbie = (await db.prisma.user.findUniqueOrThrow({ where: { email: 'newbie@lab.org' } })).id;
    expect((await api.execute(asUser(a.member), REMOVE, { teamId: a.team.id, userId: newbie })).code).toBe('FORBIDDEN');
    expect((await api.execute(asUser(a.admin), REMOVE, { teamId: a.team.id, userId: newbie })).data).toEqual({ removeMember: true });
    expect((await api.execute(asUser(a.viewer), REMOVE, { teamId: a.team.id, userId: a.viewer.id })).data).toEqual({ removeMember: true });
    expect((await api.execute(asUser(a.viewer), MEMBERS, { slug: 'team-a' })).code).toBe('NOT_FOUND');
    const doomed = await api.execute<{ createTeam: { id: string } }>(asUser(a.member), 'mutation { createTeam(slug: "doomed", name: "Doomed") { id } }');
    const doomedId = doomed.data!.createTeam.id;
    await api.execute(asUser(a.member), INVITE, { teamId: doomedId, email: 'admin@team-a.test', role: 'ADMIN' });
    expect((await api.execute(asUser(a.admin), 'mutation ($id: ID!) { deleteTeam(teamId: $id) }', { id: doomedId })).code).toBe('FORBIDDEN');
    expect((await api.execute(asUser(a.member), 'mutation ($id: ID!) { deleteTeam(teamId: $id) }', { id: doomedId })).data).toEqual({ deleteTeam: true });
    expect((await api.execute(asUser(a.member), 'query { team(slug: "doomed") { id } }')).code).toBe('NOT_FOUND');
    // A team with runs (which restrict their model and dataset) deletes too.
    expect((await api.execute(asUser(a.owner), 'mutation ($id: ID!) { deleteTeam(teamId: $id) }', { id: a.team.id })).data).toEqual({ deleteTeam: true });
    expect(await db.prisma.run.count({ where: { teamId: a.team.id } })).toBe(0);
  });
});
