import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import pg from 'pg';
import { DbError } from '../db-error';
import { migrationsDir, rankfallHome } from '../workspace-paths';
import { parseDatabaseUrl } from './database-url';

/** Names of the migrations checked in under prisma/migrations, in order. */
export function listMigrations(dir = migrationsDir()): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

/**
 * Refuses a database that is not Rankfall's: one with tables but no Prisma migration history, or
 * with migrations this checkout does not know. An empty database is fine.
 */
export async function inspectMigrationStatus(url: string): Promise<MigrationStatus> {
  const fields = parseDatabaseUrl(url);
  const known = listMigrations();
  const client = new pg.Client({ ...fields });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    );
    const names = new Set(tables.rows.map((row) => row.table_name));
    if (names.size === 0) return { applied: [], pending: known };
    if (!names.has('_prisma_migrations')) {
      throw new DbError('NOT_RANKFALL_DATABASE', `The database "${fields.database}" already has ${names.size} table(s) but no Rankfall migration history: it is not Rankfall's. Point DATABASE_URL at an empty or Rankfall database`);
    }
    const rows = await client.query<{ migration_name: string; finished_at: Date | null }>(
      'SELECT migration_name, finished_at FROM _prisma_migrations WHERE rolled_back_at IS NULL ORDER BY migration_name',
    );
    const applied = rows.rows.map((row) => row.migration_name);
    const unknown = applied.filter((name) => !known.includes(name));
    if (unknown.length > 0) {
      throw new DbError('NOT_RANKFALL_DATABASE', `The database "${fields.database}" has migrations this checkout does not know (${unknown.slice(0, 3).join(', ')}): it belongs to another project or a newer Rankfall. Use another database or update the checkout`);
    }
    const failed = rows.rows.filter((row) => row.finished_at === null).map((row) => row.migration_name);
    if (failed.length > 0) {
      throw new DbError('MIGRATION_FAILED', `Migration ${failed[0]} failed earlier in "${fields.database}" and must be resolved by hand (npx prisma migrate resolve)`);
    }
    return { applied, pending: known.filter((name) => !applied.includes(name)) };
  } finally {
    await client.end();
  }
}

/** Runs `prisma migrate deploy` (the Wasm schema engine, offline) against `url`. */
export async function runPrismaMigrateDeploy(url: string): Promise<void> {
  const require = createRequire(import.meta.url);
  const cli = require.resolve('prisma/build/index.js');
  const output: string[] = [];
  const code = await new Promise<number>((resolveExit, reject) => {
    const child = spawn(process.execPath, [cli, 'migrate', 'deploy'], {
      cwd: rankfallHome(),
      env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('error', reject);
    child.on('close', (exitCode) => resolveExit(exitCode ?? 1));
  });
  if (code !== 0) {
    const lines = output.join('').split('\n').filter((line) => line.trim() && !/WARNING|driver adapter|will NOT be used|recommend|^- url/i.test(line));
    throw new DbError('MIGRATION_FAILED', `prisma migrate deploy failed: ${lines.slice(-3).join(' | ')}`);
  }
}

/** Installs or upgrades graphile-worker's own schema (the job queue) in the same database. */
export async function runQueueMigrations(url: string): Promise<void> {
  const { runMigrations } = await import('graphile-worker');
  const { Logger } = await import('graphile-worker');
  await runMigrations({ connectionString: url, logger: new Logger(() => () => undefined) });
}

/**
 * Brings a database up to date: checks it is Rankfall's, applies pending Prisma migrations,
 * then the job queue's schema. Safe to run on every start.
 */
export async function migrateDatabase(url: string): Promise<{ applied: string[] }> {
  const status = await inspectMigrationStatus(url);
  if (status.pending.length > 0) await runPrismaMigrateDeploy(url);
  await runQueueMigrations(url);
  return { applied: status.pending };
}
