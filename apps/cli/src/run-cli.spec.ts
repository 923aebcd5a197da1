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

  it('names an unknown help topic with exit code 2', async () => {
    const io = captureIo();
    expect(await runCli(['help', 'foo'], io)).toBe(2);
    expect(io.stdout).toEqual([]);
    expect(io.stderr).toEqual(['rankfall: no help topic "foo": run "rankfall help" for the commands']);
  });

  it.each(['dataset', 'db', 'sma', 'model', 'team'])('lists the subcommands of the %s group, with summaries', async (group) => {
    const names = Object.keys(commandRegistry).filter((name) => name.startsWith(`${group} `));
    expect(names.length).toBeGreaterThan(1);
    const help = captureIo();
    expect(await runCli(['help', group], help)).toBe(0);
    const bare = captureIo();
    expect(await runCli([group], bare)).toBe(2);
    const dashed = captureIo();
    expect(await runCli([group, '--help'], dashed)).toBe(0);
    for (const text of [help.stdout.join('\n'), bare.stderr.join('\n'), dashed.stdout.join('\n')]) {
      for (const name of names) expect(text).toContain(`rankfall ${name}`);
      for (const name of names) expect(text).toContain((commandRegistry as Record<string, { summary: string }>)[name]!.summary);
      expect(text).not.toContain('Unknown command');
    }
    expect(bare.stderr[0]).toBe(`rankfall: "${group}" needs a subcommand:`);
    const unknown = captureIo();
    expect(await runCli([group, 'frobnicate'], unknown)).toBe(2);
    expect(unknown.stderr[0]).toBe(`rankfall: unknown command "${group} frobnicate"; "${group}" has these subcommands:`);
    for (const name of names) expect(unknown.stderr.join('\n')).toContain(`rankfall ${name}`);
  });

  it.each(Object.keys(commandRegistry))('prints the help of %s for -h and --help after it, whatever else is on the line', async (name) => {
    for (const flag of ['-h', '--help']) {
      const io = captureIo();
      expect(await runCli([...name.split(' '), '--bogus', flag], io)).toBe(0);
      expect(io.stderr).toEqual([]);
      expect(io.stdout.join('\n').split('\n')[0]).toBe(`Usage: rankfall ${(commandRegistry as Record<string, { usage: string }>)[name]!.usage}`);
    }
    const viaHelp = captureIo();
    expect(await runCli(['help', ...name.split(' ')], viaHelp)).toBe(0);
    expect(viaHelp.stdout[0]).toMatch(/^Usage: rankfall /);
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
    const firstCode = await runCli(['demo', '--once'], first);
    expect(first.stderr).toEqual([]);
    expect(firstCode).toBe(0);
    const text = first.stdout.join('\n');
    expect(text).toContain('migrations: applied 20');
    expect(text).toMatch(/demo@rankfall\.local .*: created/);
    expect(text).toMatch(/Synthetic dataset .*\(408 images\): imported/);
    expect(text).toMatch(/and "rankfall-demo-cnn-nt" \(.*NT defense.*\), to compare against: registered/);
    expect((await db.prisma.model.findMany({ select: { catalogId: true }, orderBy: { catalogId: 'asc' } })).map((m) => m.catalogId)).toEqual(['rankfall-demo-cnn', 'rankfall-demo-cnn-nt']);
    expect(text).toContain('Stopped.');
    expect(text).not.toContain('rankfall-embedded');

    // The demo's run went through the queue and shows what it must: every test image attacked within the budget,
    // the stage-1 check, and metrics whose MOS↔clean says the demo model is good.
    const run = await db.prisma.run.findFirstOrThrow({ where: { name: 'Demo: SMA on the synthetic test split' }, include: { metrics: true, stages: true } });
    expect(run).toMatchObject({ status: 'SUCCEEDED', attackId: 'sma', split: 'TEST', progress: 1 });
    expect(run.imageCount).toBe(await db.prisma.image.count({ where: { split: 'TEST' } }));
    expect(await db.prisma.imageResult.count({ where: { runId: run.id, perturbedAt: { not: null }, linf: { lte: 0.005 + 1e-6 } } })).toBe(run.imageCount);
    expect(run.stages.every((stage) => stage.status === 'SUCCEEDED')).toBe(true);
    expect(run.metrics.find((m) => m.name === 'srocc' && m.reference === 'MOS_CLEAN')?.value).toBeGreaterThan(0.8);
    expect(text).toContain(`run ${run.id}`);
    expect(text).toMatch(/stage 1 check: SROCC\(clean, target\)/);
    expect(text).toMatch(/MOS ↔ clean +SROCC 0\.\d{3} \[/);

    // A newer SMA run on another split must not be taken for the demo's own run.
    const other = await db.prisma.run.create({ data: { teamId: run.teamId, modelId: run.modelId, datasetId: run.datasetId, attackId: 'sma', split: 'VAL', config: {}, seed: 1, status: 'SUCCEEDED', name: 'an SMA run on val' } });
    const second = captureIo(env);
    expect(await runCli(['demo', '--once'], second)).toBe(0);
    expect(second.stdout.join('\n')).toContain(`Demo SMA run ${run.id} on the test split already done`);
    expect(second.stdout.join('\n')).not.toContain(other.id);
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
