import { DbError } from '../db-error';
import type { TeamRole } from '../generated/prisma/client';
import type { Db } from '../prisma-client';
import { teamSelect, type TeamSummary } from '../selects/team.select';

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/;

/** Creates a team with its first member as OWNER. Run inside a transaction. */
export async function createTeamWithOwner(db: Db, input: { slug: string; name: string; ownerId: string }): Promise<TeamSummary> {
  if (!SLUG.test(input.slug)) throw new DbError('CONFLICT', `Team slug "${input.slug}" must be lowercase letters, digits and dashes (1–48 characters)`);
  const taken = await db.team.findUnique({ where: { slug: input.slug }, select: { id: true } });
  if (taken) throw new DbError('CONFLICT', `A team with slug ${input.slug} already exists`);
  return db.team.create({
    data: { slug: input.slug, name: input.name, memberships: { create: { userId: input.ownerId, role: 'OWNER' } } },
    select: teamSelect,
  });
}

export async function addMember(db: Db, input: { teamId: string; userId: string; role: TeamRole }): Promise<void> {
  await db.membership.upsert({
    where: { userId_teamId: { userId: input.userId, teamId: input.teamId } },
    create: input,
    update: { role: input.role },
  });
}

/** The viewer's role in a team, or null when not a member: the base of every team-scoped check. */
export async function findMembershipRole(db: Db, userId: string, teamId: string): Promise<TeamRole | null> {
  const membership = await db.membership.findUnique({ where: { userId_teamId: { userId, teamId } }, select: { role: true } });
  return membership?.role ?? null;
}

export function listTeamsOfUser(db: Db, userId: string): Promise<Array<TeamSummary & { role: TeamRole }>> {
  // One statement (a nested Prisma select is two): every request's authorization starts here.
  return db.$queryRaw<Array<TeamSummary & { role: TeamRole }>>`
    SELECT t."id", t."slug", t."name", t."createdAt", m."role"::text AS "role"
    FROM "Membership" m JOIN "Team" t ON t."id" = m."teamId"
    WHERE m."userId" = ${userId}
    ORDER BY m."createdAt" ASC, m."id" ASC`;
}

/** Creates a team; with `ownerId` its first member is that user as OWNER (one transaction). */
export async function createTeam(db: Db, input: { slug: string; name: string; ownerId?: string | null }): Promise<TeamSummary> {
  if (input.ownerId) return createTeamWithOwner(db, { slug: input.slug, name: input.name, ownerId: input.ownerId });
  if (!SLUG.test(input.slug)) throw new DbError('CONFLICT', `Team slug "${input.slug}" must be lowercase letters, digits and dashes (1–48 characters)`);
  const taken = await db.team.findUnique({ where: { slug: input.slug }, select: { id: true } });
  if (taken) throw new DbError('CONFLICT', `A team with slug ${input.slug} already exists`);
  return db.team.create({ data: { slug: input.slug, name: input.name }, select: teamSelect });
}

export type TeamListEntry = TeamSummary & { members: number; datasets: number; models: number; runs: number };

/** Every team, oldest first, with how many members, datasets, models and runs it holds (for operators: no viewer check). */
export async function listTeams(db: Db): Promise<TeamListEntry[]> {
  const rows = await db.team.findMany({
    select: { ...teamSelect, _count: { select: { memberships: true, datasets: true, models: true, runs: { where: { deletedAt: null } } } } },
    orderBy: [{ createdAt: 'asc' }, { slug: 'asc' }],
  });
  return rows.map(({ _count, ...team }) => ({ ...team, members: _count.memberships, datasets: _count.datasets, models: _count.models, runs: _count.runs }));
}
