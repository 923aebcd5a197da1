import { mkdtempSync, rmSync, existsSync, chmodSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDatabaseConnection } from '../connection/check-connection';
import { parseDatabaseUrl, formatDatabaseUrl } from '../migrate/database-url';
import { startEmbeddedPostgres } from './embedded-postgres-server';

const dir = mkdtempSync(join(tmpdir(), 'rankfall-embedded-'));
chmodSync(dir, 0o755);
const port = 54_000 + (process.pid % 900);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL', () => {
  it('starts from scratch in a temporary folder, keeps data across a restart, and stops', async () => {
    const first = await startEmbeddedPostgres({ dir, port });
    expect(first.startedHere).toBe(true);
    expect(existsSync(join(dir, 'data', 'PG_VERSION'))).toBe(true);
    const [version] = (await query(first.url, 'SHOW server_version')) as Array<{ server_version: string }>;
    expect(version?.server_version).toMatch(/^17\./);
    await query(first.url, 'CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)');
    await first.stop();
    await expect(query(first.url, 'SELECT 1')).rejects.toThrow();

    const second = await startEmbeddedPostgres({ dir, port });
    expect(await query(second.url, 'SELECT v FROM kept')).toEqual([{ v: 42 }]);

    // A second start on the same folder reuses the running server and does not stop it.
    const reused = await startEmbeddedPostgres({ dir, port });
    expect(reused.startedHere).toBe(false);
    await reused.stop();
    expect(await query(second.url, 'SELECT 1 AS ok')).toEqual([{ ok: 1 }]);

    // Wrong password: one clear line.
    const wrong = formatDatabaseUrl({ ...parseDatabaseUrl(second.url), password: 'not-the-password' });
    await expect(checkDatabaseConnection(wrong)).rejects.toMatchObject({ code: 'DATABASE_AUTH_FAILED', message: expect.stringContaining('rejected the credentials') });
    await second.stop();
  });

  it('names a taken port instead of failing with a stack trace', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(port + 1, '127.0.0.1', resolve));
    try {
      await expect(startEmbeddedPostgres({ dir: join(dir, 'other'), port: port + 1 })).rejects.toMatchObject({
        code: 'PORT_IN_USE',
        message: expect.stringContaining(`Port ${port + 1} is already in use`),
      });
    } finally {
      blocker.close();
    }
  });
});

describe('checkDatabaseConnection', () => {
  it('explains an unreachable server', async () => {
    await expect(checkDatabaseConnection('postgresql://postgres@127.0.0.1:1/none')).rejects.toMatchObject({
      code: 'DATABASE_UNREACHABLE',
      message: expect.stringContaining('connection refused'),
    });
  });
});
