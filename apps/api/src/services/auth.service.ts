import { randomBytes } from 'node:crypto';
import { createTeamWithOwner, createUser, endSession, startSession, verifyUserPassword, withTransaction, type PrismaClient, type PublicUser } from '@rankfall/db';
import type { AccessService } from './access.service';
import { ApiError } from './api-error';
import type { SignInRateLimiter } from './sign-in-rate-limiter';

export interface StartedSession {
  user: PublicUser;
  cookie: string;
  expiresAt: Date;
}

/** A slug for the personal team made at sign-up: the email's local part plus a random suffix. */
function personalSlug(email: string): string {
  const base = (email.split('@')[0] ?? 'team')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32);
  return `${base || 'team'}-${randomBytes(3).toString('hex')}`;
}

export class AuthService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly access: AccessService,
    private readonly limiter: SignInRateLimiter,
  ) {}

  /** Creates the user and a personal team (OWNER) in one transaction, then a session. */
  async signUp(input: { email: string; name: string; password: string }): Promise<StartedSession> {
    const user = await withTransaction(this.prisma, async (tx) => {
      const created = await createUser(tx, input);
      await createTeamWithOwner(tx, { slug: personalSlug(created.email), name: `${input.name}’s team`, ownerId: created.id });
      return created;
    });
    return { user, ...(await startSession(this.prisma, user.id)) };
  }

  async signIn(input: { email: string; password: string }, clientIp: string): Promise<StartedSession> {
    const key = `${input.email.trim().toLowerCase()}|${clientIp}`;
    this.limiter.check(key);
    const user = await verifyUserPassword(this.prisma, input.email, input.password);
    if (!user) {
      this.limiter.recordFailure(key);
      throw new ApiError('UNAUTHENTICATED', 'Wrong email or password');
    }
    this.limiter.reset(key);
    return { user, ...(await startSession(this.prisma, user.id)) };
  }

  /** Ends the viewer's cookie session (API tokens are revoked with revokeApiToken instead). */
  async signOut(): Promise<boolean> {
    const viewer = this.access.viewer;
    if (viewer.kind !== 'user') return false;
    await endSession(this.prisma, viewer.sessionCookie);
    return true;
  }
}
