import type { Prisma } from '../generated/prisma/client';

/** An API token as listed to its owner: prefix and dates, never the hash. */
export const apiTokenListSelect = {
  id: true,
  name: true,
  prefix: true,
  role: true,
  teamId: true,
  userId: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
} as const satisfies Prisma.ApiTokenSelect;

export type ApiTokenSummary = Prisma.ApiTokenGetPayload<{ select: typeof apiTokenListSelect }>;
