import { join } from 'node:path';
import { migrateDatabase } from '@rankfall/db';
import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { seedRunFixtures, type RunFixtures } from '@rankfall/runs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli';
import { captureIo } from '../testing/capture-io';

let db: TestDatabase;
let fx: RunFixtures;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_cli_runs', migrate: false });
  await migrateDatabase(db.url);
  fx = await seedRunFixtures(db.prisma, { references: 3 });
  env = { ...process.env, DATABASE_URL: db.url, RANKFALL_ARTIFACT_DIR: fx.store.root, RANKFALL_BACKEND: 'wasm' };
}, 120_000);
afterAll(async () => {
  await fx?.cleanup();
  await db?.drop();
});

const base = () => ['--model', 'rankfall-demo-cnn', '--dataset', 'Rankfall synthetic', '--team', fx.teamSlug];

describe('rankfall run', () => {
  it('queues a run, lists it, shows it and cancels it; a second cancel is refused with the reason', async () => {
    const create = captureIo(env);
    expect(await runCli(['run', 'create', '--attack', 'fgsm', ...base(), '--config', '{"epsilon":0.004}'], create)).toBe(0);
    const id = create.stdout[0]?.match(/^Queued run (\S+):/)?.[1];
    expect(id, create.stdout.join('\n')).toBeDefined();
    expect(create.stdout[0]).toContain('ε 0.004');

    const list = captureIo(env);
    expect(await runCli(['run', 'list', '--team', fx.teamSlug], list)).toBe(0);
    expect(list.stdout.join('\n')).toContain(`${id}  queued`);

    const status = captureIo(env);
    expect(await runCli(['run', 'status', '--run', id!, '--team', fx.teamSlug], status)).toBe(0);
    expect(status.stdout.join('\n')).toMatch(/status queued .*\n.*stages: clean-scoring queued, perturb queued, aggregate queued/);

    const cancel = captureIo(env);
    expect(await runCli(['run', 'cancel', '--run', id!, '--team', fx.teamSlug], cancel)).toBe(0);
    expect(cancel.stdout).toEqual([`Run ${id} cancelled.`]);
    const again = captureIo(env);
    expect(await runCli(['run', 'cancel', '--run', id!, '--team', fx.teamSlug], again)).toBe(1);
    expect(again.stderr[0]).toMatch(/is cancelled: only a queued or running run can be cancelled \[INVALID_STATE\]/);
  });

  it('refuses a bad config naming the field, and an unknown attack listing the ones that run', async () => {
    const bad = captureIo(env);
    expect(await runCli(['run', 'create', '--attack', 'ifgsm', ...base(), '--config', '{"steps":0}'], bad)).toBe(2);
    expect(bad.stderr[0]).toMatch(/config\.steps: .*\[INVALID_INPUT\]/);
    const unknown = captureIo(env);
    expect(await runCli(['run', 'create', '--attack', 'nope', ...base()], unknown)).toBe(2);
    expect(unknown.stderr[0]).toMatch(/attack "nope" cannot run as a run; one of: sma, fgsm, ifgsm, .*uap/);
    const json = captureIo(env);
    expect(await runCli(['run', 'create', '--attack', 'sma', ...base(), '--config', '{nope'], json)).toBe(2);
    expect(json.stderr[0]).toMatch(/--config must be JSON/);
  });

  it('sma run waits for the run, starting a worker when none is alive, and prints the stage-1 check and the metrics', async () => {
    const io = captureIo(env);
    expect(await runCli(['sma', 'run', ...base(), '--iterations', '2000', '--steps', '3'], io)).toBe(0);
    const text = io.stdout.join('\n');
    expect(text).toContain('no worker is running on this database: starting one');
    expect(text).toMatch(/status succeeded \(100 %\)/);
    expect(text).toMatch(/stage 1 check: SROCC\(clean, target\) -?\d\.\d{4} .*2000 iterations, preset paper \(soft-rank ε 1, \d+ soft-rank blocks? at the start\)/);
    expect(text).toMatch(/clean ↔ attacked +SROCC -?\d\.\d{3} \[/);
    const run = await db.prisma.run.findFirstOrThrow({ where: { teamId: fx.teamId, attackId: 'sma' }, orderBy: { createdAt: 'desc' } });
    expect(run.status).toBe('SUCCEEDED');
    expect((run.config as { attack: { steps: number } }).attack.steps).toBe(3);

    const csv = captureIo(env);
    expect(await runCli(['results', 'export', '--run', run.id, '--team', fx.teamSlug], csv)).toBe(0);
    expect(csv.stdout[0]).toMatch(/^image_id,image_key,split,mos,mos_std,clean_score,target_score,/);
    expect(csv.stdout).toHaveLength(run.imageCount + 1);
    const json = captureIo(env);
    expect(await runCli(['results', 'export', '--run', run.id, '--format', 'json', '--team', fx.teamSlug], json)).toBe(0);
    const parsed = JSON.parse(json.stdout.join('\n')) as { run: { attackId: string }; results: Array<{ attacked_score: number }> };
    expect(parsed.run.attackId).toBe('sma');
    expect(parsed.results.every((r) => Number.isFinite(r.attacked_score))).toBe(true);
  }, 300_000);
});

describe('rankfall attack with a registered model', () => {
  it('loads the team model with its stored weights, refuses --weights beside --team, and names an unknown model', async () => {
    const image = await db.prisma.image.findFirstOrThrow({ where: { datasetId: fx.datasetId }, include: { artifact: true } });
    const out = join(fx.store.root, '..', 'attack-out');
    const io = captureIo(env);
    expect(await runCli(['attack', '--attack', 'fgsm', '--model', 'rankfall-demo-cnn', '--team', fx.teamSlug, '--image', fx.store.pathOf(image.artifact!.key), '--out', out], io)).toBe(0);
    expect(io.stdout[0]).toMatch(/^fgsm on rankfall-demo-cnn \(higher is better\)/);
    expect(io.stdout[1]).toMatch(/score \d+\.\d{3} → \d+\.\d{3} \(float\) → \d+\.\d{3} \(8-bit PNG\)/);
    const both = captureIo(env);
    expect(await runCli(['attack', '--attack', 'fgsm', '--model', 'rankfall-demo-cnn', '--team', fx.teamSlug, '--weights', 'x.safetensors', '--image', 'a.png', '--out', out], both)).toBe(2);
    expect(both.stderr[0]).toMatch(/--weights and --team exclude each other/);
    const unknown = captureIo(env);
    expect(await runCli(['attack', '--attack', 'fgsm', '--model', 'nope', '--team', fx.teamSlug, '--image', 'a.png', '--out', out], unknown)).toBe(1);
    expect(unknown.stderr[0]).toMatch(/No model named "nope" in team/);
  });
});

describe('rankfall token', () => {
  it("creates a token capped by the member's role, lists it without the secret, and revokes it", async () => {
    const viewer = await db.prisma.user.create({ data: { email: 'viewer@example.test', name: 'V', memberships: { create: { teamId: fx.teamId, role: 'VIEWER' } } } });
    const refused = captureIo(env);
    expect(await runCli(['token', 'create', '--user', viewer.email, '--name', 'too-strong', '--role', 'member', '--team', fx.teamSlug], refused)).toBe(1);
    expect(refused.stderr[0]).toMatch(/A VIEWER cannot create a MEMBER token.*\[FORBIDDEN\]/);
    const created = captureIo(env);
    expect(await runCli(['token', 'create', '--user', viewer.email, '--name', 'read-only', '--role', 'viewer', '--team', fx.teamSlug], created)).toBe(0);
    const secret = created.stdout[1]!;
    expect(secret).toMatch(/^rfk_/);
    const stored = await db.prisma.apiToken.findFirstOrThrow({ where: { name: 'read-only' } });
    expect(stored.tokenHash).not.toContain(secret);
    const list = captureIo(env);
    expect(await runCli(['token', 'list', '--team', fx.teamSlug], list)).toBe(0);
    expect(list.stdout.join('\n')).toContain('read-only  viewer');
    expect(list.stdout.join('\n')).not.toContain(secret);
    const revoke = captureIo(env);
    expect(await runCli(['token', 'revoke', '--id', stored.id, '--team', fx.teamSlug], revoke)).toBe(0);
    expect((await db.prisma.apiToken.findUniqueOrThrow({ where: { id: stored.id } })).revokedAt).not.toBeNull();
  });
});
