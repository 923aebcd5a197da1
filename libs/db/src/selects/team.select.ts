import type { Prisma } from '../generated/prisma/client';

export const teamSelect = { id: true, slug: true, name: true, createdAt: true } as const satisfies Prisma.TeamSelect;
export type TeamSummary = Prisma.TeamGetPayload<{ select: typeof teamSelect }>;
