import type { Db } from '../prisma-client';
import { generateToken, hashToken } from '../security/secret-hash';
import { publicUserSelect, type PublicUser } from '../selects/user.select';

const SESSION_DAYS = 14;

/** Starts a web session; returns the cookie value (stored only as its hash). */
export async function startSession(db: Db, userId: string, now = new Date()): Promise<{ cookie: string; expiresAt: Date }> {
  const cookie = generateToken('rfs');
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  await db.session.create({ data: { userId, tokenHash: hashToken(cookie), expiresAt }, select: { id: true } });
  return { cookie, expiresAt };
}

export async function findSessionUser(db: Db, cookie: string, now = new Date()): Promise<PublicUser | null> {
  const session = await db.session.findUnique({ where: { tokenHash: hashToken(cookie) }, select: { expiresAt: true, user: { select: publicUserSelect } } });
  if (!session || session.expiresAt <= now) return null;
  return session.user;
}

export async function endSession(db: Db, cookie: string): Promise<void> {
  await db.session.deleteMany({ where: { tokenHash: hashToken(cookie) } });
}
