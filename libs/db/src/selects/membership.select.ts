import type { Prisma } from '../generated/prisma/client';
import { publicUserSelect } from './user.select';

/** A team membership as listed to the team: role and the public user, never credentials. */
export const membershipSelect = {
  id: true,
  teamId: true,
  role: true,
  createdAt: true,
  user: { select: publicUserSelect },
} as const satisfies Prisma.MembershipSelect;

export type MembershipSummary = Prisma.MembershipGetPayload<{ select: typeof membershipSelect }>;
