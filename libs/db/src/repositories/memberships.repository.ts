import { DbError } from '../db-error';
import type { TeamRole } from '../generated/prisma/client';
import type { Db, DbTx, PrismaClient } from '../prisma-client';
import { membershipSelect, type MembershipSummary } from '../selects/membership.select';
import { teamSelect, type TeamSummary } from '../selects/team.select';
import { withTransaction } from '../transaction';
import { afterCreatedAt, toPage, type CreatedAtCursor, type Page, type PageQuery } from './page-query';

export function findTeamBySlug(db: Db, slug: string): Promise<TeamSummary | null> {
  return db.team.findUnique({ where: { slug }, select: teamSelect });
}

export function findTeamsByIds(db: Db, ids: readonly string[]): Promise<TeamSummary[]> {
  return db.team.findMany({ where: { id: { in: [...ids] } }, select: teamSelect });
}

/** Members of a team, oldest first. */
export async function listMembers(db: Db, teamId: string, page: PageQuery<CreatedAtCursor>): Promise<Page<MembershipSummary>> {
  const rows = await db.membership.findMany({
    where: { teamId, ...afterCreatedAt(page.after, 'asc') },
    select: membershipSelect,
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: page.first + 1,
  });
  return toPage(rows, page.first);
}

export function countMembers(db: Db, teamId: string): Promise<number> {
  return db.membership.count({ where: { teamId } });
}

export function findMember(db: Db, teamId: string, userId: string): Promise<MembershipSummary | null> {
  return db.membership.findUnique({ where: { userId_teamId: { userId, teamId } }, select: membershipSelect });
}

/** Serializes membership changes of one team (row lock on the team), so two demotions cannot both pass the owner check. */
async function lockTeam(tx: DbTx, teamId: string): Promise<void> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "Team" WHERE "id" = ${teamId} FOR UPDATE`;
  if (rows.length === 0) throw new DbError('NOT_FOUND', 'Team not found');
}

async function assertAnotherOwner(tx: DbTx, teamId: string, userId: string): Promise<void> {
  const owners = await tx.membership.count({ where: { teamId, role: 'OWNER', userId: { not: userId } } });
  if (owners === 0) throw new DbError('CONFLICT', 'A team must keep at least one OWNER: make another member OWNER first');
}

/** Adds an existing user (by email) to a team; a missing user is NOT_FOUND, an existing member CONFLICT. */
export async function addMemberByEmail(prisma: PrismaClient, input: { teamId: string; email: string; role: TeamRole }): Promise<MembershipSummary> {
  return withTransaction(prisma, async (tx) => {
    await lockTeam(tx, input.teamId);
    const user = await tx.user.findUnique({ where: { email: input.email.trim().toLowerCase() }, select: { id: true } });
    if (!user) throw new DbError('NOT_FOUND', `No user with email ${input.email}`);
    const existing = await tx.membership.findUnique({ where: { userId_teamId: { userId: user.id, teamId: input.teamId } }, select: { id: true } });
    if (existing) throw new DbError('CONFLICT', `${input.email} is already a member of this team`);
    return tx.membership.create({ data: { teamId: input.teamId, userId: user.id, role: input.role }, select: membershipSelect });
  });
}

/** Changes a member's role; demoting the last OWNER is a CONFLICT. */
export async function changeMemberRole(prisma: PrismaClient, input: { teamId: string; userId: string; role: TeamRole }): Promise<MembershipSummary> {
  return withTransaction(prisma, async (tx) => {
    await lockTeam(tx, input.teamId);
    const current = await tx.membership.findUnique({ where: { userId_teamId: { userId: input.userId, teamId: input.teamId } }, select: { role: true } });
    if (!current) throw new DbError('NOT_FOUND', 'Member not found');
    if (current.role === 'OWNER' && input.role !== 'OWNER') await assertAnotherOwner(tx, input.teamId, input.userId);
    return tx.membership.update({ where: { userId_teamId: { userId: input.userId, teamId: input.teamId } }, data: { role: input.role }, select: membershipSelect });
  });
}

/** Removes a member and their API tokens for the team; removing the last OWNER is a CONFLICT. */
export async function removeMember(prisma: PrismaClient, input: { teamId: string; userId: string }): Promise<void> {
  await withTransaction(prisma, async (tx) => {
    await lockTeam(tx, input.teamId);
    const current = await tx.membership.findUnique({ where: { userId_teamId: { userId: input.userId, teamId: input.teamId } }, select: { role: true } });
    if (!current) throw new DbError('NOT_FOUND', 'Member not found');
    if (current.role === 'OWNER') await assertAnotherOwner(tx, input.teamId, input.userId);
    await tx.apiToken.updateMany({ where: { teamId: input.teamId, userId: input.userId, revokedAt: null }, data: { revokedAt: new Date() } });
    await tx.membership.delete({ where: { userId_teamId: { userId: input.userId, teamId: input.teamId } } });
  });
}

/** Deletes a team and everything it owns (runs first: runs restrict the deletion of their model and dataset). */
export async function deleteTeam(prisma: PrismaClient, teamId: string): Promise<void> {
  await withTransaction(prisma, async (tx) => {
    await lockTeam(tx, teamId);
    await tx.run.deleteMany({ where: { teamId } });
    await tx.team.delete({ where: { id: teamId } });
  });
}
