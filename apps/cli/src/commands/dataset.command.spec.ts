import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemo } from '@rankfall/db';
import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo, type CapturedIo } from '../testing/capture-io';
import { runCli } from '../run-cli';

const work = mkdtempSync(join(tmpdir(), 'rankfall-cli-dataset-'));
let db: TestDatabase;
let env: NodeJS.ProcessEnv;

function io(): CapturedIo {
  return captureIo(env, Promise.resolve('SIGTERM'));
}

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_cli_dataset', migrate: false });
  env = { DATABASE_URL: db.url, RANKFALL_STATE_DIR: join(work, 'state') };
  expect(await runCli(['db', 'migrate'], io())).toBe(0);
  await seedDemo(db.prisma, { password: 'test-password' });
});
afterAll(async () => {
  await db?.drop();
  rmSync(work, { recursive: true, force: true });
});

describe('rankfall dataset synth + import', () => {
  const out = join(work, 'synth');

  it('generates, imports all-or-nothing, and re-imports without changes', async () => {
    const synth = io();
    expect(await runCli(['dataset', 'synth', '--out', out, '--references', '6', '--size', '32', '--levels', '2'], synth)).toBe(0);
    expect(synth.stdout[0]).toMatch(/^Wrote 54 images/);

    const args = ['dataset', 'import', '--format', 'folder-csv', '--table', join(out, 'mos.csv'), '--images', join(out, 'images'), '--facts', join(out, 'manifest.json')];
    const first = io();
    expect(await runCli(args, first)).toBe(0);
    expect(first.stdout.at(-1)).toMatch(/^Imported 54 images as dataset/);
    expect(await db.prisma.image.count()).toBe(54);
    expect(await db.prisma.artifact.count()).toBe(54);

    const again = io();
    expect(await runCli(args, again)).toBe(0);
    expect(again.stdout.at(-1)).toMatch(/nothing changed/);
    expect(await db.prisma.image.count()).toBe(54);

    // A corrupt image: one line naming the file and row; nothing written.
    const table = readFileSync(join(out, 'mos.csv'), 'utf8').split('\n');
    const victim = table[3]?.split(',')[0] ?? '';
    writeFileSync(join(out, 'images', victim), 'not an image');
    const bad = io();
    expect(await runCli([...args, '--version', 'second'], bad)).toBe(1);
    expect(bad.stderr[0]).toContain(`mos.csv line 4: image "${victim}"`);
    expect(await db.prisma.dataset.count()).toBe(1);
    expect(await db.prisma.image.count()).toBe(54);
  });

  it('asks for facts on generic formats and names a bad facts field', async () => {
    const missing = io();
    expect(await runCli(['dataset', 'import', '--format', 'folder-csv', '--table', join(out, 'mos.csv'), '--images', join(out, 'images')], missing)).toBe(2);
    expect(missing.stderr[0]).toContain('--facts');
    const factsPath = join(work, 'facts.json');
    writeFileSync(factsPath, JSON.stringify({ name: 'x', mosRange: [10, 0], lowerBetter: false, provenance: { source: 's', licence: 'l' } }));
    const badFacts = io();
    expect(await runCli(['dataset', 'import', '--format', 'folder-csv', '--table', join(out, 'mos.csv'), '--images', join(out, 'images'), '--facts', factsPath], badFacts)).toBe(2);
    expect(badFacts.stderr[0]).toMatch(/field "mosRange"/);
  });

  it('lists the team’s datasets', async () => {
    const list = io();
    expect(await runCli(['dataset', 'list'], list)).toBe(0);
    expect(list.stdout).toHaveLength(1);
    expect(list.stdout[0]).toContain('54 images');
  });
});
