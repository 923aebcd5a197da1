import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTeam, type SeededTeam } from '../../testing/seed-world';
import { asUser, createTestApi, type TestApi } from '../../testing/test-api';

let db: TestDatabase;
let api: TestApi;
let a: SeededTeam;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_api_runs' });
  api = await createTestApi(db.prisma);
  a = await seedTeam(db.prisma, api.store, 'mut-a');
});
afterAll(async () => {
  await api?.stop();
  await db?.drop();
});

const CREATE = 'mutation ($input: CreateRunInput!) { createRun(input: $input) { id status attackId config imageCount createdBy { email } stages { kind status } } }';
const input = (extra: Record<string, unknown> = {}) => ({ teamId: a.team.id, modelId: a.modelId, datasetId: a.datasetId, attackId: 'ifgsm', ...extra });

describe('run mutations through the run engine', () => {
  it('creates a run (MEMBER+) with the attack’s defaults filled in, and enqueues its first job', async () => {
    const created = await api.execute<{ createRun: { id: string; status: string; config: Record<string, unknown>; imageCount: number; createdBy: { email: string } } }>(asUser(a.member), CREATE, {
      input: input({ name: 'baseline', config: { steps: 3 }, split: 'TEST' }),
    });
    expect(created.errors).toBeUndefined();
    expect(created.data?.createRun).toMatchObject({ status: 'QUEUED', imageCount: 3, createdBy: { email: 'member@mut-a.test' } });
    expect(created.data?.createRun.config).toMatchObject({ attack: { steps: 3, epsilon: expect.any(Number) } });
    const jobs = await db.prisma.$queryRaw<Array<{ key: string }>>`SELECT key FROM graphile_worker.jobs WHERE key LIKE ${`run:${created.data!.createRun.id}:%`}`;
    expect(jobs.map((job) => job.key)).toEqual([`run:${created.data!.createRun.id}:score-clean`]);
    expect((await api.execute(asUser(a.viewer), CREATE, { input: input() })).code).toBe('FORBIDDEN');
  });

  it('maps the engine’s INVALID_INPUT to BAD_USER_INPUT naming the field, and NOT_FOUND through', async () => {
    const badConfig = await api.execute(asUser(a.member), CREATE, { input: input({ config: { steps: 0 } }) });
    expect(badConfig.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'config.steps' });
    expect((await api.execute(asUser(a.member), CREATE, { input: input({ attackId: 'nope' }) })).errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'attackId' });
    const b = await seedTeam(db.prisma, api.store, 'mut-b', { images: 2 });
    expect((await api.execute(asUser(a.member), CREATE, { input: input({ modelId: b.modelId }) })).code).toBe('NOT_FOUND');
  });

  it('creates a sweep with one run per value', async () => {
    const sweep = await api.execute<{ createSweep: { sweep: { parameter: string; values: number[]; runs: Array<{ config: { attack: { epsilon: number } } }> }; runs: unknown[] } }>(
      asUser(a.member),
      'mutation ($input: CreateSweepInput!) { createSweep(input: $input) { sweep { parameter values runs { config } } runs { id } } }',
      { input: { ...input({ attackId: 'fgsm' }), parameter: 'epsilon', values: [0.001, 0.004] } },
    );
    expect(sweep.errors).toBeUndefined();
    expect(sweep.data?.createSweep.sweep).toMatchObject({ parameter: 'epsilon', values: [0.001, 0.004] });
    expect(sweep.data?.createSweep.sweep.runs.map((run) => run.config.attack.epsilon)).toEqual([0.001, 0.004]);
    expect(sweep.data?.createSweep.runs).toHaveLength(2);
  });

  it('cancels, retries and deletes within the rules, mapping INVALID_STATE to CONFLICT', async () => {
    const CANCEL = 'mutation ($id: ID!) { cancelRun(id: $id) { status } }';
    const RETRY = 'mutation ($id: ID!) { retryRun(id: $id) { status } }';
    const DELETE = 'mutation ($id: ID!) { deleteRun(id: $id) }';
    const created = await api.execute<{ createRun: { id: string } }>(asUser(a.owner), CREATE, { input: input() });
    const id = created.data!.createRun.id;
    expect((await api.execute(asUser(a.viewer), CANCEL, { id })).code).toBe('FORBIDDEN');
    expect((await api.execute(asUser(a.member), RETRY, { id })).code).toBe('CONFLICT');
    expect((await api.execute(asUser(a.member), CANCEL, { id })).data).toEqual({ cancelRun: { status: 'CANCELLED' } });
    expect((await api.execute(asUser(a.member), CANCEL, { id })).code).toBe('CONFLICT');
    expect((await api.execute(asUser(a.member), RETRY, { id })).data).toEqual({ retryRun: { status: 'QUEUED' } });
    // A MEMBER deletes only their own runs; an ADMIN any.
    expect((await api.execute(asUser(a.member), DELETE, { id })).code).toBe('FORBIDDEN');
    expect((await api.execute(asUser(a.member), DELETE, { id: a.runId })).data).toEqual({ deleteRun: true });
    expect((await api.execute(asUser(a.admin), DELETE, { id })).data).toEqual({ deleteRun: true });
    expect((await api.execute(asUser(a.admin), 'query ($id: ID!) { run(id: $id) { id } }', { id })).code).toBe('NOT_FOUND');
    expect((await api.execute(asUser(a.admin), DELETE, { id })).code).toBe('NOT_FOUND');
  });
});
