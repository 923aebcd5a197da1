import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTeam, type SeededTeam } from '../../testing/seed-world';
import { asUser, createTestApi, type TestApi } from '../../testing/test-api';

/** UAP through GraphQL: createRun accepts it (train and attacked splits in the config), runAttacks describes it. */
let db: TestDatabase;
let api: TestApi;
let a: SeededTeam;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_api_uap' });
  api = await createTestApi(db.prisma);
  a = await seedTeam(db.prisma, api.store, 'uap-a'); // 6 images: 3 TEST, 3 TRAIN
});
afterAll(async () => {
  await api?.stop();
  await db?.drop();
});

const CREATE = 'mutation ($input: CreateRunInput!) { createRun(input: $input) { id split config imageCount stages { kind status } } }';
const input = (extra: Record<string, unknown> = {}) => ({ teamId: a.team.id, modelId: a.modelId, datasetId: a.datasetId, attackId: 'uap', ...extra });

describe('UAP runs through GraphQL', () => {
  it('creates a UAP run: trains on TRAIN, attacks TEST, with the TRAIN_UAP stage', async () => {
    const created = await api.execute<{ createRun: { id: string; split: string; config: Record<string, unknown>; imageCount: number; stages: Array<{ kind: string }> } }>(asUser(a.member), CREATE, { input: input({ config: { epochs: 2 } }) });
    expect(created.errors).toBeUndefined();
    expect(created.data?.createRun).toMatchObject({ split: 'TEST', imageCount: 3, config: { train: { split: 'TRAIN', checkpointEvery: 10 }, attack: { epochs: 2, size: 256 } } });
    expect(created.data?.createRun.stages.map((s) => s.kind)).toEqual(['CLEAN_SCORING', 'TRAIN_UAP', 'PERTURB', 'AGGREGATE']);
  });

  it('refuses an empty train split naming the splits the dataset has, and training on the attacked split', async () => {
    const empty = await api.execute(asUser(a.member), CREATE, { input: input({ config: { trainSplit: 'VAL' } }) });
    expect(empty.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'config.trainSplit' });
    expect(empty.errors?.[0]?.message).toMatch(/has no VAL images to train on; its splits: TRAIN \(3\), TEST \(3\)/);
    const same = await api.execute(asUser(a.member), CREATE, { input: input({ split: 'TRAIN' }) });
    expect(same.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'config.trainSplit' });
  });

  it('describes UAP in runAttacks with its splits in the config schema and defaults', async () => {
    const result = await api.execute<{ runAttacks: Array<{ id: string; stages: string[]; defaultConfig: Record<string, unknown>; configSchema: { properties: Record<string, { enum?: string[] }> } }> }>('anonymous', '{ runAttacks { id stages defaultConfig configSchema } }');
    const uap = result.data?.runAttacks.find((attack) => attack.id === 'uap');
    expect(uap?.stages).toEqual(['CLEAN_SCORING', 'TRAIN_UAP', 'PERTURB', 'AGGREGATE']);
    expect(uap?.defaultConfig).toMatchObject({ trainSplit: 'TRAIN', attackSplit: 'TEST', checkpointEvery: 10, epochs: 10, batchSize: 4 });
    expect(uap?.configSchema.properties['trainSplit']?.enum).toEqual(['TRAIN', 'VAL', 'TEST']);
  });
});
