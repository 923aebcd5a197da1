import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { formatDatabaseUrl, parseDatabaseUrl } from '../migrate/database-url';
import { listMigrations, runQueueMigrations } from '../migrate/migrate-database';
import { createPrismaClient, type PrismaClient } from '../prisma-client';
import { migrationsDir } from '../workspace-paths';

export interface TestDatabase {
  url: string;
  name: string;
  prisma: PrismaClient;
  /** Disconnects and drops the database. */
  drop(): Promise<void>;
}

function serverUrl(): string {
  const url = process.env['DATABASE_URL'];
  if (!url) {
    throw new Error('DATABASE_URL is not set: run tests through `npm test` / `nx test`, whose global setup starts the embedded PostgreSQL, or export DATABASE_URL');
  }
  return url;
}

/**
 * A fresh, empty database on the test server (DATABASE_URL), for one test file: `migrate: true`
 * (default) applies every checked-in migration SQL file in order plus the job queue schema.
 */
export async function createTestDatabase(options: { migrate?: boolean; prefix?: string } = {}): Promise<TestDatabase> {
  const server = parseDatabaseUrl(serverUrl());
  const name = `${options.prefix ?? 'rankfall_test'}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ ...server, database: 'postgres' });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = formatDatabaseUrl({ ...server, database: name });
  if (options.migrate !== false) {
    const client = new pg.Client({ ...server, database: name });
    await client.connect();
    try {
      for (const migration of listMigrations()) {
        await client.query(readFileSync(resolve(migrationsDir(), migration, 'migration.sql'), 'utf8'));
      }
    } finally {
      await client.end();
    }
    await runQueueMigrations(url);
  }
  const prisma = createPrismaClient(url, { poolSize: 4 });
  return {
    url,
    name,
    prisma,
    drop: async () => {
      await prisma.$disconnect();
      await dropDatabase(name);
    },
  };
}

/** Drops a database on the test server, closing its connections first. */
export async function dropDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ ...parseDatabaseUrl(serverUrl()), database: 'postgres' });
  await admin.connect();
  try {
    // Give clients that are still closing (pools ending after the last test) up to 3 s to go, so FORCE does not
    // kill a connection mid-goodbye (its FATAL would surface as an unhandled error in the test run).
    for (let i = 0; i < 30; i += 1) {
      const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
      if ((rows[0]?.n ?? 0) === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
