import type { TeamRole } from '../generated/prisma/client';
import type { Db } from '../prisma-client';
import { generateToken, hashToken } from '../security/secret-hash';
import { apiTokenListSelect, type ApiTokenSummary } from '../selects/api-token.select';

export const API_TOKEN_PREFIX = 'rfk';

export interface IssuedApiToken {
  token: ApiTokenSummary;
  /** The secret itself: shown once, never stored. */
  secret: string;
}

export async function issueApiToken(
  db: Db,
  input: { userId: string; teamId: string; name: string; role?: TeamRole; expiresAt?: Date },
): Promise<IssuedApiToken> {
  const secret = generateToken(API_TOKEN_PREFIX);
  const token = await db.apiToken.create({
    data: {
      userId: input.userId,
      teamId: input.teamId,
      name: input.name,
      role: input.role ?? 'MEMBER',
      prefix: secret.slice(0, API_TOKEN_PREFIX.length + 9),
      tokenHash: hashToken(secret),
      expiresAt: input.expiresAt ?? null,
    },
    select: apiTokenListSelect,
  });
  return { token, secret };
}

/** Resolves a presented secret to its live token (not revoked, not expired) and records the use. */
export async function authenticateApiToken(db: Db, secret: string, now = new Date()): Promise<ApiTokenSummary | null> {
  const token = await db.apiToken.findUnique({ where: { tokenHash: hashToken(secret) }, select: apiTokenListSelect });
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= now)) return null;
  await db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now }, select: { id: true } });
  return token;
}

export function listApiTokens(db: Db, teamId: string, userId: string): Promise<ApiTokenSummary[]> {
  return db.apiToken.findMany({ where: { teamId, userId }, select: apiTokenListSelect, orderBy: { createdAt: 'desc' } });
}

export async function revokeApiToken(db: Db, input: { id: string; teamId: string; userId: string }, now = new Date()): Promise<boolean> {
  const result = await db.apiToken.updateMany({ where: { id: input.id, teamId: input.teamId, userId: input.userId, revokedAt: null }, data: { revokedAt: now } });
  return result.count === 1;
}
