import { DbError } from '../db-error';
import type { Db } from '../prisma-client';
import { hashPassword, verifyPassword } from '../security/secret-hash';
import { publicUserSelect, userCredentialsSelect, type PublicUser } from '../selects/user.select';

export interface CreateUserInput {
  email: string;
  name: string;
  password?: string;
}

export async function createUser(db: Db, input: CreateUserInput): Promise<PublicUser> {
  const email = input.email.trim().toLowerCase();
  const existing = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (existing) throw new DbError('CONFLICT', `A user with email ${email} already exists`);
  return db.user.create({
    data: { email, name: input.name, passwordHash: input.password ? await hashPassword(input.password) : null },
    select: publicUserSelect,
  });
}

export function findUserByEmail(db: Db, email: string): Promise<PublicUser | null> {
  return db.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: publicUserSelect });
}

export function findUserById(db: Db, id: string): Promise<PublicUser | null> {
  return db.user.findUnique({ where: { id }, select: publicUserSelect });
}

let dummyHash: Promise<string> | undefined;

/**
 * Returns the user when the password matches, null otherwise (same answer for unknown email). An unknown
 * email still costs one scrypt, so response times do not tell which emails have accounts.
 */
export async function verifyUserPassword(db: Db, email: string, password: string): Promise<PublicUser | null> {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: userCredentialsSelect });
  if (!user?.passwordHash) {
    dummyHash ??= hashPassword('rankfall-timing-equalizer');
    await verifyPassword(password, await dummyHash);
    return null;
  }
  if (!(await verifyPassword(password, user.passwordHash))) return null;
  const { passwordHash: _hash, ...publicUser } = user;
  return publicUser;
}

export function findUsersByIds(db: Db, ids: readonly string[]): Promise<PublicUser[]> {
  return db.user.findMany({ where: { id: { in: [...ids] } }, select: publicUserSelect });
}
