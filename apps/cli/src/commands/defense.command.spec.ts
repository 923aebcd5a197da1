import { resolve } from 'node:path';
import { migrateDatabase } from '@rankfall/db';
import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { seedRunFixtures, type RunFixtures } from '@rankfall/runs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli';
import { captureIo } from '../testing/capture-io';
import { evaluationRows } from './defense.command';
import { defenseFromFlags, parseDefenseFlag } from './defense-flag';

describe('--defense', () => {
  it.each([
    ['jpeg:quality=75', { kind: 'jpeg', params: { quality: 75 } }],
    ['jpeg:quality=60..90', { kind: 'jpeg', params: { quality: [60, 90] } }],
    ['resize:factor=0.5,method=nearest', { kind: 'resize', params: { factor: 0.5, method: 'nearest' } }],
    ['median', { kind: 'median', params: {} }],
  ])('parses %s', (text, expected) => {
    expect(parseDefenseFlag(text)).toEqual(expected);
  });

  it('fills defaults and checks values with the run config schema, naming the field', () => {
    expect(defenseFromFlags({ defense: 'blur' })).toEqual({ kind: 'blur', params: { sigma: 1 }, gradient: 'bpda', eotSamples: 8 });
    expect(() => defenseFromFlags({ defense: 'jpeg:quality=101' })).toThrow(/--defense jpeg:quality=101: params\.quality must be an integer in \[1, 100\]/);
    expect(() => defenseFromFlags({ defense: 'jpeg:quality' })).toThrow(/must be name=value/);
    expect(() => defenseFromFlags({ defense: 'jpeg', gradient: 'eot' })).toThrow(/gradient eot needs a randomised defense/);
    expect(() => defenseFromFlags({ gradient: 'bpda' })).toThrow(/need --defense/);
  });

  it('an evaluation pairs every defense with the non-adaptive and the adaptive attack (EOT when randomised)', () => {
    const rows = evaluationRows(['jpeg:quality=75', 'resize:factor=0.4..0.8'], { compare: true, eotSamples: 3 });
    expect(rows.map((r) => `${r.model} ${r.label}`)).toEqual(['model none', 'model jpeg:quality=75 exact', 'model jpeg:quality=75 bpda', 'model resize:factor=0.4..0.8 exact', 'model resize:factor=0.4..0.8 eot', 'compare none']);
    expect(rows[4]?.defense).toMatchObject({ gradient: 'eot', eotSamples: 3 });
  });
});

let db: TestDatabase;
let fx: RunFixtures;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_cli_defense', migrate: false });
  await migrateDatabase(db.url);
  fx = await seedRunFixtures(db.prisma, { references: 3 });
  env = { ...process.env, DATABASE_URL: db.url, RANKFALL_ARTIFACT_DIR: fx.store.root, RANKFALL_BACKEND: 'wasm' };
}, 120_000);
afterAll(async () => {
  await fx?.cleanup();
  await db?.drop();
});

const target = () => ['--model', 'rankfall-demo-cnn', '--dataset', 'Rankfall synthetic', '--team', fx.teamSlug];

describe('rankfall run create --defense', () => {
  it('stores the defense on the run; a defense in --config and in --defense is refused', async () => {
    const io = captureIo(env);
    expect(await runCli(['run', 'create', '--attack', 'fgsm', ...target(), '--defense', 'jpeg:quality=60..90', '--defense-gradient', 'eot', '--eot-samples', '2'], io)).toBe(0);
    const id = io.stdout[0]?.match(/^Queued run (\S+):/)?.[1];
    const run = await db.prisma.run.findUniqueOrThrow({ where: { id: id! } });
    expect(run.config).toMatchObject({ defense: { kind: 'jpeg', params: { quality: [60, 90] }, gradient: 'eot', eotSamples: 2 } });
    await runCli(['run', 'cancel', '--run', id!, '--team', fx.teamSlug], captureIo(env));
    const twice = captureIo(env);
    expect(await runCli(['run', 'create', '--attack', 'fgsm', ...target(), '--config', '{"defense":{"kind":"blur"}}', '--defense', 'blur'], twice)).toBe(2);
    expect(twice.stderr[0]).toMatch(/give the defense once/);
  });
});

describe('rankfall defense evaluate', () => {
  it('queues the undefended, non-adaptive and adaptive runs (and the compare model), waits, and prints the table', async () => {
    const model = captureIo(env);
    expect(await runCli(['model', 'import', '--model', 'rankfall-demo-cnn-nt', '--weights', resolve(import.meta.dirname, '../../../../libs/iqa-models/weights/rankfall-demo-cnn-nt.safetensors'), '--team', fx.teamSlug], model), model.stderr.join('\n')).toBe(0);
    const io = captureIo(env);
    const code = await runCli(['defense', 'evaluate', ...target(), '--epsilon', '0.03', '--config', '{"steps":4,"alpha":0.01}', '--defense', 'jpeg:quality=50', '--compare-model', 'rankfall-demo-cnn-nt', '--name', 'cli-eval'], io);
    const text = io.stdout.join('\n');
    expect(code, `${text}\n${io.stderr.join('\n')}`).toBe(0);
    const rows = (label: string, modelName = 'rankfall-demo-cnn') => text.split('\n').find((line) => line.includes(modelName) && line.includes(` ${label} `) && /succeeded/.test(line));
    for (const label of ['none', 'jpeg:quality=50 exact', 'jpeg:quality=50 bpda']) expect(rows(label), text).toBeDefined();
    expect(rows('none', 'rankfall-demo-cnn-nt'), text).toBeDefined();
    const meanChange = (line: string | undefined) => Number(line?.trim().split(/\s+/).at(-1));
    expect(meanChange(rows('jpeg:quality=50 exact'))).toBeLessThan(0.05);
    expect(meanChange(rows('jpeg:quality=50 bpda'))).toBeGreaterThan(0.5);

    const report = captureIo(env);
    expect(await runCli(['defense', 'report', '--group', 'cli-eval', '--team', fx.teamSlug], report)).toBe(0);
    expect(report.stdout.join('\n')).toContain('Group "cli-eval": 4 runs');
    const missing = captureIo(env);
    expect(await runCli(['defense', 'report', '--group', 'nope', '--team', fx.teamSlug], missing)).toBe(1);
  }, 600_000);
});
