import { registerModel, transitionModelEvaluation, transitionRun, transitionTransfer } from '@rankfall/db';
import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTeam, type SeededTeam } from '../../testing/seed-world';
import { asUser, createTestApi, type TestApi } from '../../testing/test-api';

let db: TestDatabase;
let api: TestApi;
let a: SeededTeam;
let b: SeededTeam;
let ntModelId: string;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_api_models' });
  api = await createTestApi(db.prisma);
  a = await seedTeam(db.prisma, api.store, 'models-a');
  b = await seedTeam(db.prisma, api.store, 'models-b', { images: 4 });
  const { model } = await registerModel(db.prisma, {
    teamId: a.team.id,
    createdById: a.owner.id,
    name: 'demo-cnn-nt',
    catalogId: 'rankfall-demo-cnn-nt',
    architecture: 'compact-cnn',
    lowerBetter: false,
    scoreRange: [0, 100],
    input: { kind: 'any', minSize: 1 },
    normalization: null,
    weights: null,
  });
  ntModelId = model.id;
});
afterAll(async () => {
  await api?.stop();
  await db?.drop();
});

const EVALUATE = 'mutation ($input: EvaluateModelInput!) { evaluateModel(input: $input) { id status split imageCount command model { id } dataset { id } } }';
// Exactly what the dashboard's model page asks for.
const EVALUATIONS = 'query ($id: ID!) { model(id: $id) { evaluations { dataset { id name } split imageCount reproducedSrocc reproducedPlcc reportedSrocc reportedPlcc reportedSource command createdAt sroccCiLow sroccCiHigh status } } }';
const REQUEST = 'mutation ($input: RequestTransferInput!) { requestTransfer(input: $input) { id status run { id } targetModel { id name } } }';
const MATRIX = 'query ($teamId: ID!, $runIds: [ID!]) { transferMatrix(teamId: $teamId, runIds: $runIds) { rows { run { id } sourceModel { id name } } columns { id name } cells { runId targetModelId srocc cleanToAttackedSrocc sroccDrop n status } } }';

async function jobs(prefix: string): Promise<string[]> {
  const rows = await db.prisma.$queryRaw<Array<{ key: string }>>`SELECT key FROM graphile_worker.jobs WHERE key LIKE ${`${prefix}%`} ORDER BY key`;
  return rows.map((row) => row.key);
}

describe('model evaluations over GraphQL', () => {
  it('queues an evaluation (MEMBER+) with its keyed job; asking again returns the same one', async () => {
    const input = { teamId: a.team.id, modelId: a.modelId, datasetId: a.datasetId };
    expect((await api.execute(asUser(a.viewer), EVALUATE, { input })).code).toBe('FORBIDDEN');
    const created = await api.execute<{ evaluateModel: { id: string; command: string } }>(asUser(a.member), EVALUATE, { input });
    expect(created.errors).toBeUndefined();
    expect(created.data?.evaluateModel).toMatchObject({ status: 'QUEUED', split: 'TEST', imageCount: 3, model: { id: a.modelId }, dataset: { id: a.datasetId } });
    expect(created.data?.evaluateModel.command).toBe('rankfall model evaluate --team models-a --model demo-cnn --dataset synthetic-models-a --version 1 --split test');
    expect(await jobs('evaluation:')).toEqual([`evaluation:${created.data!.evaluateModel.id}`]);
    const again = await api.execute<{ evaluateModel: { id: string } }>(asUser(a.owner), EVALUATE, { input });
    expect(again.data?.evaluateModel.id).toBe(created.data!.evaluateModel.id);
    expect((await api.execute(asUser(a.member), EVALUATE, { input: { ...input, split: 'TEST', wholeDataset: true } })).errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.split' });
    expect((await api.execute(asUser(a.member), EVALUATE, { input: { ...input, split: 'VAL' } })).errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'split' });
  });

  it('reads reported beside reproduced with the command that reproduced it', async () => {
    const [row] = await db.prisma.modelEvaluation.findMany({ where: { modelId: a.modelId } });
    await transitionModelEvaluation(db.prisma, row!.id, ['QUEUED'], 'RUNNING');
    await transitionModelEvaluation(db.prisma, row!.id, ['RUNNING'], 'SUCCEEDED', { reproducedSrocc: 0.5, sroccCiLow: -0.5, sroccCiHigh: 1, reproducedPlcc: 0.6, reportedSrocc: 0.9115, reportedPlcc: 0.923, reportedSource: 'training record [training-record]' });
    const read = await api.execute<{ model: { evaluations: Array<Record<string, unknown>> } }>(asUser(a.viewer), EVALUATIONS, { id: a.modelId });
    expect(read.errors).toBeUndefined();
    expect(read.data?.model.evaluations).toEqual([
      expect.objectContaining({ dataset: { id: a.datasetId, name: 'synthetic-models-a' }, split: 'TEST', imageCount: 3, status: 'SUCCEEDED', reproducedSrocc: 0.5, reproducedPlcc: 0.6, reportedSrocc: 0.9115, reportedPlcc: 0.923, reportedSource: 'training record [training-record]', sroccCiLow: -0.5, sroccCiHigh: 1 }),
    ]);
    expect(read.data?.model.evaluations[0]?.['command']).toMatch(/^rankfall model evaluate --team models-a /);
    const one = await api.execute<{ modelEvaluation: { reproducedSrocc: number } }>(asUser(a.viewer), 'query ($teamId: ID!, $id: ID!) { modelEvaluation(teamId: $teamId, id: $id) { reproducedSrocc } }', { teamId: a.team.id, id: row!.id });
    expect(one.data?.modelEvaluation.reproducedSrocc).toBe(0.5);
  });

  it('another team can neither read, list nor create evaluations on these rows', async () => {
    const [row] = await db.prisma.modelEvaluation.findMany({ where: { modelId: a.modelId } });
    const before = await db.prisma.modelEvaluation.count();
    expect((await api.execute(asUser(b.owner), EVALUATIONS, { id: a.modelId })).code).toBe('NOT_FOUND');
    const byId = 'query ($teamId: ID!, $id: ID!) { modelEvaluation(teamId: $teamId, id: $id) { id } }';
    expect((await api.execute(asUser(b.owner), byId, { teamId: a.team.id, id: row!.id })).code).toBe('NOT_FOUND');
    expect((await api.execute(asUser(b.owner), byId, { teamId: b.team.id, id: row!.id })).code).toBe('NOT_FOUND');
    expect((await api.execute(asUser(b.owner), EVALUATE, { input: { teamId: a.team.id, modelId: a.modelId, datasetId: a.datasetId } })).code).toBe('NOT_FOUND');
    expect((await api.execute(asUser(b.owner), EVALUATE, { input: { teamId: b.team.id, modelId: a.modelId, datasetId: b.datasetId } })).code).toBe('NOT_FOUND');
    expect((await api.execute(asUser(b.owner), EVALUATE, { input: { teamId: b.team.id, modelId: b.modelId, datasetId: a.datasetId } })).code).toBe('NOT_FOUND');
    const own = await api.execute<{ model: { evaluations: unknown[] } }>(asUser(b.owner), EVALUATIONS, { id: b.modelId });
    expect(own.data?.model.evaluations).toEqual([]);
    expect(await db.prisma.modelEvaluation.count()).toBe(before);
  });
});

describe('transfers over GraphQL', () => {
  it('refuses a run that has not succeeded, then queues one job per target model (MEMBER+)', async () => {
    const input = { teamId: a.team.id, runId: a.runId };
    expect((await api.execute(asUser(a.member), REQUEST, { input })).code).toBe('CONFLICT');
    await transitionRun(db.prisma, a.runId, ['QUEUED'], 'SUCCEEDED');
    expect((await api.execute(asUser(a.viewer), REQUEST, { input })).code).toBe('FORBIDDEN');
    const queued = await api.execute<{ requestTransfer: Array<{ id: string; status: string; run: { id: string }; targetModel: { name: string } }> }>(asUser(a.member), REQUEST, { input });
    expect(queued.errors).toBeUndefined();
    expect(queued.data?.requestTransfer).toEqual([{ id: expect.any(String), status: 'QUEUED', run: { id: a.runId }, targetModel: { id: ntModelId, name: 'demo-cnn-nt' } }]);
    expect(await jobs('transfer:')).toEqual([`transfer:${queued.data!.requestTransfer[0]!.id}`]);
    const again = await api.execute<{ requestTransfer: Array<{ id: string }> }>(asUser(a.member), REQUEST, { input: { ...input, targetModelIds: [ntModelId] } });
    expect(again.data?.requestTransfer.map((t) => t.id)).toEqual(queued.data!.requestTransfer.map((t) => t.id));
    expect(await db.prisma.transferResult.count()).toBe(1);
  });

  it('shows Run.transfers and the matrix with the dashboard’s fields', async () => {
    const [row] = await db.prisma.transferResult.findMany();
    await transitionTransfer(db.prisma, row!.id, ['QUEUED'], 'RUNNING');
    await transitionTransfer(db.prisma, row!.id, ['RUNNING'], 'SUCCEEDED', { cleanSrocc: 0.75, attackedSrocc: 0.25, cleanToAttackedSrocc: 0.5, meanAbsDelta: 3, n: 6 });
    const matrix = await api.execute<{ transferMatrix: unknown }>(asUser(a.viewer), MATRIX, { teamId: a.team.id, runIds: [a.runId] });
    expect(matrix.errors).toBeUndefined();
    expect(matrix.data?.transferMatrix).toEqual({
      rows: [{ run: { id: a.runId }, sourceModel: { id: a.modelId, name: 'demo-cnn' } }],
      columns: [{ id: ntModelId, name: 'demo-cnn-nt' }],
      cells: [{ runId: a.runId, targetModelId: ntModelId, srocc: 0.25, cleanToAttackedSrocc: 0.5, sroccDrop: 0.5, n: 6, status: 'SUCCEEDED' }],
    });
    expect((await api.execute(asUser(a.viewer), MATRIX, { teamId: a.team.id })).data).toEqual(matrix.data);
    const transfers = await api.execute<{ run: { transfers: unknown[] } }>(asUser(a.viewer), 'query ($id: ID!) { run(id: $id) { transfers { targetModel { name } cleanSrocc attackedSrocc sroccDrop meanAbsDelta status } } }', { id: a.runId });
    expect(transfers.data?.run.transfers).toEqual([{ targetModel: { name: 'demo-cnn-nt' }, cleanSrocc: 0.75, attackedSrocc: 0.25, sroccDrop: 0.5, meanAbsDelta: 3, status: 'SUCCEEDED' }]);
  });

  it('another team can neither read, list nor create transfers on these rows', async () => {
    const before = await db.prisma.transferResult.count();
    expect((await api.execute(asUser(b.owner), MATRIX, { teamId: a.team.id, runIds: [a.runId] })).code).toBe('NOT_FOUND');
    expect((await api.execute(asUser(b.owner), MATRIX, { teamId: b.team.id, runIds: [a.runId] })).data).toEqual({ transferMatrix: { rows: [], columns: [], cells: [] } });
    expect((await api.execute(asUser(b.owner), 'query ($id: ID!) { run(id: $id) { transfers { id } } }', { id: a.runId })).code).toBe('NOT_FOUND');
    expect((await api.execute(asUser(b.owner), REQUEST, { input: { teamId: a.team.id, runId: a.runId } })).code).toBe('NOT_FOUND');
    expect((await api.execute(asUser(b.owner), REQUEST, { input: { teamId: b.team.id, runId: a.runId } })).code).toBe('NOT_FOUND');
    await transitionRun(db.prisma, b.runId, ['QUEUED'], 'SUCCEEDED');
    expect((await api.execute(asUser(b.owner), REQUEST, { input: { teamId: b.team.id, runId: b.runId, targetModelIds: [ntModelId] } })).code).toBe('NOT_FOUND');
    expect((await api.execute(asUser(a.owner), REQUEST, { input: { teamId: a.team.id, runId: a.runId, targetModelIds: [b.modelId] } })).code).toBe('NOT_FOUND');
    expect(await db.prisma.transferResult.count()).toBe(before);
  });
});
