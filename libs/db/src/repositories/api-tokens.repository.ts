import { DbError } from '../db-error';
import type { TeamRole } from '../generated/prisma/client';
import type { Db } from '../prisma-client';
import { generateToken, hashToken } from '../security/secret-hash';
import { apiTokenListSelect, type ApiTokenSummary } from '../selects/api-token.select';
import { publicUserSelect, type PublicUser } from '../selects/user.select';

export const API_TOKEN_PREFIX = 'rfk';

const ROLE_RANK: Record<TeamRole, number> = { VIEWER: 0, MEMBER: 1, ADMIN: 2, OWNER: 3 };

export interface IssuedApiToken {
  token: ApiTokenSummary;
  /** The secret itself: shown once, never stored. */
  secret: string;
}

export async function issueApiToken(
  db: Db,
  input: { userId: string; teamId: string; name: string; role?: TeamRole; expiresAt?: Date },
): Promise<IssuedApiToken> {
  // A token's role is at most its creator's role in the team (enforced here for every edge: API and CLI).
  const membership = await db.membership.findUnique({ where: { userId_teamId: { userId: input.userId, teamId: input.teamId } }, select: { role: true } });
  if (!membership) throw new DbError('FORBIDDEN', 'Only a member of the team can create a token for it');
  const role = input.role ?? 'MEMBER';
  if (ROLE_RANK[role] > ROLE_RANK[membership.role]) throw new DbError('FORBIDDEN', `A ${membership.role} cannot create a ${role} token: a token's role is at most its creator's`);
  const secret = generateToken(API_TOKEN_PREFIX);
  const taken = await db.apiToken.findUnique({ where: { teamId_name: { teamId: input.teamId, name: input.name } }, select: { id: true } });
  if (taken) throw new DbError('CONFLICT', `A token named "${input.name}" already exists in this team`);
  const token = await db.apiToken.create({
    data: {
      userId: input.userId,
      teamId: input.teamId,
      name: input.name,
      role,
      prefix: secret.slice(0, API_TOKEN_PREFIX.length + 9),
      tokenHash: hashToken(secret),
      expiresAt: input.expiresAt ?? null,
    },
    select: apiTokenListSelect,
  });
  return { token, secret };
}

/** Resolves a presented secret to its live token (not revoked, not expired) and records the use (to the minute). */
export async function authenticateApiToken(db: Db, secret: string, now = new Date()): Promise<(ApiTokenSummary & { user: PublicUser }) | null> {
  // The token and its owner in one statement: this runs on every scripted request.
  const token = await db.apiToken.findUnique({ where: { tokenHash: hashToken(secret) }, select: { ...apiTokenListSelect, user: { select: publicUserSelect } } });
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= now)) return null;
  // Recorded at most once a minute: a script's every request need not be a write.
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now }, select: { id: true } });
  }
  return token;
}

export function listApiTokens(db: Db, teamId: string, userId: string) {
  return db.apiToken.findMany({ where: { teamId, userId }, select: { ...apiTokenListSelect, user: { select: publicUserSelect } }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
}

/** Every token of a team with its owner (for the team's admins), newest first; never the hash. */
export function listTeamApiTokens(db: Db, teamId: string) {
  return db.apiToken.findMany({ where: { teamId }, select: { ...apiTokenListSelect, user: { select: publicUserSelect } }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
}

/** Revokes any live token of the team (an admin's action); false when there is none with that id. */
export async function revokeTeamApiToken(db: Db, input: { id: string; teamId: string }, now = new Date()): Promise<boolean> {
  const result = await db.apiToken.updateMany({ where: { id: input.id, teamId: input.teamId, revokedAt: null }, data: { revokedAt: now } });
  return result.count === 1;
}

export async function revokeApiToken(db: Db, input: { id: string; teamId: string; userId: string }, now = new Date()): Promise<boolean> {
  const result = await db.apiToken.updateMany({ where: { id: input.id, teamId: input.teamId, userId: input.userId, revokedAt: null }, data: { revokedAt: now } });
  return result.count === 1;
}

/** Whether a token is still live (not revoked, not expired): re-checked by long-lived connections. */
export async function isApiTokenLive(db: Db, id: string, now = new Date()): Promise<boolean> {
  const token = await db.apiToken.findUnique({ where: { id }, select: { revokedAt: true, expiresAt: true } });
  return Boolean(token && !token.revokedAt && (!token.expiresAt || token.expiresAt > now));
}
