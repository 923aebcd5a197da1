import { resolve } from 'node:path';
import { migrateDatabase } from '@rankfall/db';
import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { catalogEntry } from '@rankfall/iqa-models';
import { createRun } from '@rankfall/runs';
import { executeAggregate, executeModelEvaluation, executePerturbShard, executeScoreClean, executeTransfer, ModelCache, registerModelFromFile, type StageContext } from '@rankfall/runs/stages';
import { seedRunFixtures, type RunFixtures } from '@rankfall/runs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli';
import { captureIo } from '../testing/capture-io';

let db: TestDatabase;
let fx: RunFixtures;
let env: NodeJS.ProcessEnv;
let ctx: StageContext;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_cli_evaluate', migrate: false });
  await migrateDatabase(db.url);
  fx = await seedRunFixtures(db.prisma, { references: 3 });
  env = { ...process.env, DATABASE_URL: db.url, RANKFALL_ARTIFACT_DIR: fx.store.root, RANKFALL_BACKEND: 'wasm' };
  ctx = { prisma: db.prisma, store: fx.store, workerId: 'test', models: new ModelCache(), progressEveryMs: 0 };
}, 120_000);
afterAll(async () => {
  await ctx?.models.dispose();
  await fx?.cleanup();
  await db?.drop();
});

describe('rankfall model evaluate', () => {
  it('queues an evaluation, and once done prints reported beside reproduced with the command', async () => {
    const args = ['model', 'evaluate', '--model', 'rankfall-demo-cnn', '--dataset', 'Rankfall synthetic', '--team', fx.teamSlug];
    const queued = captureIo(env);
    expect(await runCli([...args, '--detach'], queued)).toBe(0);
    const id = queued.stdout[0]?.match(/^Queued evaluation (\S+): rankfall-demo-cnn on Rankfall synthetic@\S+ \(15 images, test split\)$/)?.[1];
    expect(id, queued.stdout.join('\n')).toBeDefined();
    expect(await executeModelEvaluation(ctx, id!)).toBe('done');
    const shown = captureIo(env);
    expect(await runCli(args, shown), shown.stderr.join('\n')).toBe(0);
    const text = shown.stdout.join('\n');
    expect(shown.stdout[0]).toBe(queued.stdout[0]!.replace('Queued', 'Found'));
    expect(text).toMatch(/reported {4}0\.9115 +0\.9230/);
    expect(text).toMatch(/reproduced {2}-?\d\.\d{4} \[-?\d\.\d{4}, -?\d\.\d{4}\]/);
    expect(text).toContain(`command: rankfall model evaluate --team ${fx.teamSlug} --model rankfall-demo-cnn --dataset 'Rankfall synthetic'`);
    expect(text).toContain('rankfall-demo-cnn.training.json');
  }, 120_000);

  it('refuses a bad split and an unknown model with one line naming them', async () => {
    const bad = captureIo(env);
    expect(await runCli(['model', 'evaluate', '--model', 'rankfall-demo-cnn', '--dataset', 'Rankfall synthetic', '--team', fx.teamSlug, '--split', 'dev'], bad)).toBe(2);
    expect(bad.stderr[0]).toMatch(/--split must be one of test, val, train, all, got 'dev'/);
    const unknown = captureIo(env);
    expect(await runCli(['model', 'evaluate', '--model', 'nope', '--dataset', 'Rankfall synthetic', '--team', fx.teamSlug], unknown)).toBe(1);
    expect(unknown.stderr[0]).toMatch(/No model named "nope"/);
  });
});

describe('rankfall run transfer / transfer matrix', () => {
  it('transfers a finished run to a second model and prints the matrix; asking again recomputes nothing', async () => {
    const nt = catalogEntry('rankfall-demo-cnn-nt');
    if (nt.weights.source !== 'bundled') throw new Error('the NT demo model must have bundled weights');
    await registerModelFromFile(db.prisma, fx.store, { teamId: fx.teamId, catalogId: nt.id, weightsPath: resolve(import.meta.dirname, '../../../..', nt.weights.path) });
    const run = await createRun(db.prisma, { teamId: fx.teamId, createdById: fx.userId, modelId: fx.modelId, datasetId: fx.datasetId, split: 'TEST', attackId: 'fgsm', config: { epsilon: 0.02 } });
    const early = captureIo(env);
    expect(await runCli(['run', 'transfer', '--run', run.id, '--team', fx.teamSlug, '--detach'], early)).toBe(1);
    expect(early.stderr[0]).toMatch(/only a succeeded run's adversarial images can be transferred \[INVALID_STATE\]/);
    await executeScoreClean(ctx, run.id);
    await executePerturbShard(ctx, run.id, 0);
    await executeAggregate(ctx, run.id);

    const unknown = captureIo(env);
    expect(await runCli(['run', 'transfer', '--run', run.id, '--team', fx.teamSlug, '--models', 'nope,rankfall-demo-cnn-nt'], unknown)).toBe(2);
    expect(unknown.stderr[0]).toMatch(/--models: no model named "nope"/);

    const queued = captureIo(env);
    expect(await runCli(['run', 'transfer', '--run', run.id, '--team', fx.teamSlug, '--models', 'rankfall-demo-cnn-nt', '--detach'], queued)).toBe(0);
    const transferId = queued.stdout[0]?.match(/^Queued transfer (\S+) \(queued\) to model rankfall-demo-cnn-nt$/)?.[1];
    expect(transferId, queued.stdout.join('\n')).toBeDefined();
    expect(await executeTransfer(ctx, transferId!)).toBe('done');

    const again = captureIo(env);
    expect(await runCli(['run', 'transfer', '--run', run.id, '--team', fx.teamSlug, '--models', 'rankfall-demo-cnn-nt'], again), again.stderr.join('\n')).toBe(0);
    expect(again.stdout[0]).toMatch(/^Found transfer \S+ \(succeeded\)/);
    const matrix = captureIo(env);
    expect(await runCli(['transfer', 'matrix', '--team', fx.teamSlug], matrix)).toBe(0);
    const text = matrix.stdout.join('\n');
    expect(matrix.stdout[0]).toMatch(/^run \(source model\) \\ target +rankfall-demo-cnn-nt$/);
    expect(text).toMatch(new RegExp(`${run.id} fgsm on rankfall-demo-cnn +-?\\d\\.\\d{3}→-?\\d\\.\\d{3}`));
    expect(text).toMatch(/SROCC drop -?\d\.\d{3}, clean↔attacked SROCC -?\d\.\d{3}, mean \|Δ\| \d+\.\d{3}, n 15/);
    expect(again.stdout.slice(1)).toEqual(matrix.stdout);

    const foreign = captureIo(env);
    expect(await runCli(['transfer', 'matrix', '--team', fx.teamSlug, '--runs', 'nope'], foreign)).toBe(1);
    expect(foreign.stderr[0]).toMatch(/No run nope in team/);
  }, 300_000);
});
