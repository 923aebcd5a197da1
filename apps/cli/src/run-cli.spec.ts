import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo as capture } from './testing/capture-io';

const captureIo = (env: NodeJS.ProcessEnv = {}) => capture(env, Promise.resolve('SIGTERM'));
import { commandRegistry } from './command-registry';
import { runCli } from './run-cli';

describe('rankfall CLI edge', () => {
  it('lists every registered command in its help', async () => {
    const io = captureIo();
    expect(await runCli(['help'], io)).toBe(0);
    for (const name of Object.keys(commandRegistry)) expect(io.stdout.join('\n')).toContain(name);
  });

  it('answers an unknown command and a bad flag with one line and exit code 2', async () => {
    const unknown = captureIo();
    expect(await runCli(['launch', 'rockets'], unknown)).toBe(2);
    expect(unknown.stderr).toEqual(['rankfall: Unknown command "launch rockets". Run "rankfall help" for the list.']);
    const badFlag = captureIo();
    expect(await runCli(['demo', '--bogus'], badFlag)).toBe(2);
    expect(badFlag.stderr).toHaveLength(1);
    expect(badFlag.stderr[0]).toContain("'--bogus'");
  });

  it('reports an unreachable DATABASE_URL as one line, not a stack trace', async () => {
    const io = captureIo({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/rankfall' });
    expect(await runCli(['db', 'migrate'], io)).toBe(1);
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).toMatch(/^rankfall: Cannot reach PostgreSQL at 127\.0\.0\.1:1 .*\[DATABASE_UNREACHABLE\]$/);
  });
});

describe('rankfall demo --once on DATABASE_URL', () => {
  let db: TestDatabase;
  const state = mkdtempSync(join(tmpdir(), 'rankfall-demo-state-'));
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false, prefix: 'rankfall_cli' });
  });
  afterAll(async () => {
    await db?.drop();
    rmSync(state, { recursive: true, force: true });
  });

  it('migrates, seeds the demo team and user, and is idempotent', async () => {
    const env = { DATABASE_URL: db.url, RANKFALL_STATE_DIR: state, RANKFALL_BACKEND: 'wasm' };
    const first = captureIo(env);
    expect(await runCli(['demo', '--once'], first)).toBe(0);
    expect(first.stderr).toEqual([]);
    const text = first.stdout.join('\n');
    expect(text).toContain('migrations: applied 20');
    expect(text).toMatch(/demo@rankfall\.local .*: created/);
    expect(text).toMatch(/Synthetic dataset .*\(408 images\): imported/);
    expect(text).toContain('Stopped.');
    expect(text).not.toContain('rankfall-embedded');

    const second = captureIo(env);
    expect(await runCli(['demo', '--once'], second)).toBe(0);
    expect(second.stdout.join('\n')).toContain('already there');
    expect(second.stdout.join('\n')).toContain('already imported');
    expect(await db.prisma.user.count()).toBe(1);
    expect(await db.prisma.image.count()).toBe(408);
    const user = await db.prisma.user.findFirstOrThrow();
    expect(user.passwordHash).toMatch(/^scrypt\$/);

    const status = captureIo(env);
    expect(await runCli(['db', 'status'], status)).toBe(0);
    expect(status.stdout.join('\n')).toContain('Pending: none');
  });
});
