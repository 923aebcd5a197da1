import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client';
import { parseDatabaseUrl } from '../migrate/database-url';

/** SQL statements sent to PostgreSQL since the last reset. */
export interface QueryCounter {
  readonly count: number;
  readonly statements: readonly string[];
  reset(): void;
}

/**
 * A Prisma client whose pg pool counts every statement its connections send (plain queries,
 * transaction statements and `$queryRaw` alike): for tests that bound the number of queries.
 */
export function createCountingPrismaClient(databaseUrl: string, options: { poolSize?: number } = {}): { prisma: PrismaClient; counter: QueryCounter; pool: pg.Pool } {
  const statements: string[] = [];
  const pool = new pg.Pool({ ...parseDatabaseUrl(databaseUrl), max: options.poolSize ?? 4, allowExitOnIdle: true });
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const first = args[0];
      statements.push(typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? '?'));
      return query(...args);
    };
  });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  const counter: QueryCounter = {
    get count() {
      return statements.length;
    },
    get statements() {
      return [...statements];
    },
    reset() {
      statements.length = 0;
    },
  };
  return { prisma, counter, pool };
}
