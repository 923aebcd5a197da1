import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { rankfallHome } from '../workspace-paths';
import { inspectMigrationStatus, listMigrations, migrateDatabase } from './migrate-database';

const run = promisify(execFile);
const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');

function prisma(args: string[], databaseUrl: string) {
  return run(process.execPath, [prismaCli, ...args], {
    cwd: rankfallHome(),
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  });
}

describe('migrations', () => {
  let empty: TestDatabase;

  beforeAll(async () => {
    empty = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => {
    await empty?.drop();
  });

  it('apply to an empty database with prisma migrate deploy, then the queue schema', async () => {
    const before = await inspectMigrationStatus(empty.url);
    expect(before.pending).toEqual(listMigrations());
    const { applied } = await migrateDatabase(empty.url);
    expect(applied).toEqual(listMigrations());
    const client = new pg.Client({ connectionString: empty.url });
    await client.connect();
    try {
      const tables = await client.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
      const names = tables.rows.map((row) => row.table_name);
      for (const table of ['User', 'Team', 'Membership', 'Session', 'ApiToken', 'Dataset', 'Image', 'Model', 'Run', 'RunStage', 'ImageResult', 'RunMetric', 'Comment', 'VisibilityRating', 'Artifact']) {
        expect(names).toContain(table);
      }
      const queue = await client.query("SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'graphile_worker' AND p.proname = 'add_job'");
      expect(queue.rowCount).toBeGreaterThan(0);
    } finally {
      await client.end();
    }
    expect((await inspectMigrationStatus(empty.url)).pending).toEqual([]);
    // Running again is a no-op.
    expect((await migrateDatabase(empty.url)).applied).toEqual([]);
  });

  it('are in sync with schema.prisma (migrate diff finds nothing)', async () => {
    const { stdout } = await prisma(
      ['migrate', 'diff', '--from-migrations', 'prisma/migrations', '--to-schema-datamodel', 'prisma/schema.prisma', '--exit-code'],
      empty.url,
    );
    expect(stdout).toContain('No difference detected');
  });

  it('a second migrate deploy on an up-to-date database applies nothing', async () => {
    const { stdout } = await prisma(['migrate', 'deploy'], empty.url);
    expect(stdout).toMatch(/No pending migrations/);
  });
});

describe('a database that is not Rankfall’s', () => {
  let foreign: TestDatabase;
  beforeAll(async () => {
    foreign = await createTestDatabase({ migrate: false, prefix: 'rankfall_foreign' });
    const client = new pg.Client({ connectionString: foreign.url });
    await client.connect();
    await client.query('CREATE TABLE invoices (id serial primary key)');
    await client.end();
  });
  afterAll(async () => {
    await foreign?.drop();
  });

  it('is refused with a clear NOT_RANKFALL_DATABASE error and left untouched', async () => {
    await expect(migrateDatabase(foreign.url)).rejects.toMatchObject({ code: 'NOT_RANKFALL_DATABASE', message: expect.stringContaining('not Rankfall') });
    const client = new pg.Client({ connectionString: foreign.url });
    await client.connect();
    const tables = await client.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
    await client.end();
    expect(tables.rows).toEqual([{ table_name: 'invoices' }]);
  });
});
