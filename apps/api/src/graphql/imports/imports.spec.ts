import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTeam, type SeededTeam } from '../../testing/seed-world';
import { asUser, createTestApi, type TestApi } from '../../testing/test-api';

let db: TestDatabase;
let api: TestApi;
let a: SeededTeam;
let b: SeededTeam;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_api_imports' });
  api = await createTestApi(db.prisma);
  a = await seedTeam(db.prisma, api.store, 'imp-a');
  b = await seedTeam(db.prisma, api.store, 'imp-b');
});
afterAll(async () => {
  await api?.stop();
  await db?.drop();
});

const IMPORT = 'mutation ($input: ImportDatasetInput!) { importDataset(input: $input) { id kind status } }';
const REGISTER = 'mutation ($input: RegisterModelInput!) { registerModel(input: $input) { id kind } }';
const LIST = `query ($teamId: ID!, $kind: ImportKind, $first: Int, $after: String) {
  importRequests(teamId: $teamId, kind: $kind, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id kind status input } } } }`;
type List = { importRequests: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ node: { id: string; kind: string; status: string } }> } };

describe('importRequests', () => {
  it('lists a team’s imports newest first, in pages, optionally of one kind, and nothing of another team', async () => {
    const ids: string[] = [];
    for (const seed of [1, 2, 3]) {
      const queued = await api.execute<{ importDataset: { id: string } }>(asUser(a.member), IMPORT, { input: { teamId: a.team.id, source: { kind: 'synthetic', seed, references: 3, size: 16, levels: 1 } } });
      expect(queued.errors).toBeUndefined();
      ids.push(queued.data!.importDataset.id);
    }
    const registered = await api.execute<{ registerModel: { id: string } }>(asUser(a.member), REGISTER, { input: { teamId: a.team.id, catalogId: 'rankfall-demo-cnn', name: 'listed', bundled: true } });
    expect(registered.errors).toBeUndefined();

    const first = await api.execute<List>(asUser(a.viewer), LIST, { teamId: a.team.id, first: 2 });
    expect(first.errors).toBeUndefined();
    expect(first.data?.importRequests.totalCount).toBe(4);
    expect(first.data?.importRequests.edges.map((edge) => edge.node.id)).toEqual([registered.data!.registerModel.id, ids[2]]);
    const rest = await api.execute<List>(asUser(a.viewer), LIST, { teamId: a.team.id, first: 2, after: first.data?.importRequests.pageInfo.endCursor });
    expect(rest.data?.importRequests.edges.map((edge) => edge.node.id)).toEqual([ids[1], ids[0]]);
    expect(rest.data?.importRequests.pageInfo.hasNextPage).toBe(false);

    const datasets = await api.execute<List>(asUser(a.viewer), LIST, { teamId: a.team.id, kind: 'DATASET' });
    expect(datasets.data?.importRequests.edges.map((edge) => edge.node.id)).toEqual([...ids].reverse());
    expect(datasets.data?.importRequests.totalCount).toBe(3);

    expect((await api.execute<List>(asUser(b.owner), LIST, { teamId: b.team.id })).data?.importRequests.totalCount).toBe(0);
    const foreign = await api.execute(asUser(b.owner), LIST, { teamId: a.team.id });
    expect(foreign.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect((await api.execute(asUser(a.viewer), LIST, { teamId: a.team.id, first: 1000 })).code).toBe('BAD_USER_INPUT');
  });
});
