import { DbError } from './db-error';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';
import { parseDatabaseUrl } from './migrate/database-url';

export type { PrismaClient } from './generated/prisma/client';
export { Prisma } from './generated/prisma/client';

/** A transaction client: what repositories receive inside `withTransaction`. */
export type DbTx = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;
/** Either the root client or a transaction client. */
export type Db = PrismaClient | DbTx;

/**
 * Creates a Prisma client on the pg driver adapter (no native query engine).
 * Most code should use the process-wide client from `getPrisma()` instead.
 */
export function createPrismaClient(databaseUrl: string, options: { poolSize?: number } = {}): PrismaClient {
  const fields = parseDatabaseUrl(databaseUrl);
  const adapter = new PrismaPg({ ...fields, max: options.poolSize ?? 10, allowExitOnIdle: true });
  return new PrismaClient({ adapter });
}

let shared: { url: string; client: PrismaClient } | undefined;

/** The single process-wide client for `DATABASE_URL` (or the URL given on first use). */
export function getPrisma(databaseUrl = process.env['DATABASE_URL']): PrismaClient {
  if (!databaseUrl) {
    throw new DbError('INVALID_DATABASE_URL', 'DATABASE_URL is not set: start the database first (`npm run rankfall -- db start`) or export DATABASE_URL');
  }
  if (shared && shared.url !== databaseUrl) {
    throw new Error('getPrisma() was called with a different database URL than the one already in use');
  }
  shared ??= { url: databaseUrl, client: createPrismaClient(databaseUrl) };
  return shared.client;
}

/** Disconnects the process-wide client (on shutdown). */
export async function disconnectPrisma(): Promise<void> {
  const current = shared;
  shared = undefined;
  await current?.client.$disconnect();
}
