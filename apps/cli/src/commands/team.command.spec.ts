import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemo } from '@rankfall/db';
import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo, type CapturedIo } from '../testing/capture-io';
import { runCli } from '../run-cli';

const work = mkdtempSync(join(tmpdir(), 'rankfall-cli-team-'));
let db: TestDatabase;
let env: NodeJS.ProcessEnv;

function io(): CapturedIo {
  return captureIo(env, Promise.resolve('SIGTERM'));
}

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_cli_team', migrate: false });
  env = { DATABASE_URL: db.url, RANKFALL_STATE_DIR: join(work, 'state') };
  expect(await runCli(['db', 'migrate'], io())).toBe(0);
});
afterAll(async () => {
  await db?.drop();
  rmSync(work, { recursive: true, force: true });
});

describe('rankfall team', () => {
  it('says how to get an owner before the demo user exists, and creates a team without one on request', async () => {
    const noDemo = io();
    expect(await runCli(['team', 'create', '--slug', 'lab-a', '--name', 'Lab A'], noDemo)).toBe(1);
    expect(noDemo.stderr).toEqual(['rankfall: No demo user demo@rankfall.local yet: run "rankfall demo --once", pass --owner <email>, or --no-owner']);
    const bare = io();
    expect(await runCli(['team', 'create', '--slug', 'lab-a', '--name', 'Lab A', '--no-owner'], bare)).toBe(0);
    expect(bare.stdout[0]).toMatch(/^Created team lab-a \("Lab A", \w+\) without members; use it with --team lab-a\.$/);
  });

  it('creates teams owned by the demo user, refuses a taken or malformed slug, and lists every team with its counts', async () => {
    await seedDemo(db.prisma, { password: 'test-password' });
    const created = io();
    expect(await runCli(['team', 'create', '--slug', 'lab-b', '--name', 'Lab B'], created)).toBe(0);
    expect(created.stdout[0]).toContain('owned by demo@rankfall.local');
    const demoUser = await db.prisma.user.findFirstOrThrow({ where: { email: 'demo@rankfall.local' } });
    const team = await db.prisma.team.findUniqueOrThrow({ where: { slug: 'lab-b' }, include: { memberships: true } });
    expect(team.memberships.map((m) => [m.userId, m.role])).toEqual([[demoUser.id, 'OWNER']]);

    const taken = io();
    expect(await runCli(['team', 'create', '--slug', 'lab-b', '--name', 'Again'], taken)).toBe(1);
    expect(taken.stderr).toEqual(['rankfall: A team with slug lab-b already exists [CONFLICT]']);
    const malformed = io();
    expect(await runCli(['team', 'create', '--slug', 'Lab C!', '--name', 'C'], malformed)).toBe(1);
    expect(malformed.stderr[0]).toMatch(/must be lowercase letters, digits and dashes .*\[CONFLICT\]$/);
    const missing = io();
    expect(await runCli(['team', 'create', '--slug', 'lab-d'], missing)).toBe(2);
    expect(missing.stderr).toEqual(['rankfall: --name is required: the name the dashboard shows (see `rankfall help team create`)']);
    const unknownOwner = io();
    expect(await runCli(['team', 'create', '--slug', 'lab-e', '--name', 'E', '--owner', 'nobody@example.org'], unknownOwner)).toBe(1);
    expect(unknownOwner.stderr[0]).toContain('No user with email nobody@example.org');

    const list = io();
    expect(await runCli(['team', 'list'], list)).toBe(0);
    expect(list.stdout).toHaveLength(3);
    expect(list.stdout[0]).toMatch(/^lab-a {2}Lab A {2}\(0 members, 0 datasets, 0 models, 0 runs\) {2}\w+$/);
    expect(list.stdout[1]).toMatch(/^demo {3}Demo team {2}\(1 member, 0 datasets, 0 models, 0 runs\)/);
    expect(list.stdout[2]).toMatch(/^lab-b {2}Lab B {2}\(1 member,/);
    expect(await db.prisma.team.count()).toBe(3);
  });
});
