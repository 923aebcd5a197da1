import type { Prisma } from '../generated/prisma/client';

/** What the rest of the system may see of a user: never the password hash. */
export const publicUserSelect = {
  id: true,
  email: true,
  name: true,
  createdAt: true,
} as const satisfies Prisma.UserSelect;

export type PublicUser = Prisma.UserGetPayload<{ select: typeof publicUserSelect }>;

/** Only for verifying a password at sign-in. */
export const userCredentialsSelect = { ...publicUserSelect, passwordHash: true } as const satisfies Prisma.UserSelect;
