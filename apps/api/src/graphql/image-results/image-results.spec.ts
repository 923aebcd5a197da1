import { rateVisibility, upsertImageResult } from '@rankfall/db';
import { createCountingPrismaClient, createTestDatabase, type QueryCounter, type TestDatabase } from '@rankfall/db/testing';
import { createRun } from '@rankfall/runs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTeam, type SeededTeam } from '../../testing/seed-world';
import { asUser, createTestApi, type TestApi } from '../../testing/test-api';

let db: TestDatabase;
let api: TestApi;
let a: SeededTeam;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_api_results' });
  api = await createTestApi(db.prisma);
  a = await seedTeam(db.prisma, api.store, 'res-a');
  // Image 3 was not attacked yet: no attacked score (sorts last, has no score change).
  await upsertImageResult(db.prisma, { runId: a.runId, imageId: a.imageIds[3]!, attackedScore: null });
});
afterAll(async () => {
  await api?.stop();
  await db?.drop();
});

const RESULTS = `query ($runId: ID!, $filter: ImageResultFilter, $orderBy: ImageResultOrder, $first: Int, $after: String) {
  imageResults(runId: $runId, filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { scoreChange rankMoved image { key } } } } }`;
type Results = { imageResults: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ node: { scoreChange: number | null; rankMoved: number; image: { key: string } } }> } };

async function keys(variables: Record<string, unknown>): Promise<string[]> {
  const result = await api.execute<Results>(asUser(a.viewer), RESULTS, { runId: a.runId, ...variables });
  expect(result.errors).toBeUndefined();
  return result.data!.imageResults.edges.map((edge) => edge.node.image.key.slice(4, 7));
}

/** Walks every page of `size` and returns the keys in order. */
async function allPages(variables: Record<string, unknown>, size: number): Promise<string[]> {
  const out: string[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 20; guard++) {
    const result: Awaited<ReturnType<typeof api.execute<Results>>> = await api.execute<Results>(asUser(a.viewer), RESULTS, { runId: a.runId, first: size, after, ...variables });
    out.push(...result.data!.imageResults.edges.map((edge) => edge.node.image.key.slice(4, 7)));
    if (!result.data!.imageResults.pageInfo.hasNextPage) return out;
    after = result.data!.imageResults.pageInfo.endCursor;
  }
  throw new Error('pagination did not end');
}

describe('imageResults filters', () => {
  it('filters on |score change|, rank movement, key and split lists, ranges, AND and OR', async () => {
    expect(await keys({ filter: { scoreChangeAbsGt: 20 } })).toEqual(['000', '001', '005']);
    expect(await keys({ filter: { rankMovedGt: 2 } })).toEqual(['000', '001', '004', '005']);
    expect(await keys({ filter: { OR: [{ imageKeyIn: ['img-003.png'] }, { mos: { gte: 55 } }] } })).toEqual(['003', '005']);
    expect(await keys({ filter: { AND: [{ splitIn: ['TEST'] }, { cleanScore: { lt: 50 } }] } })).toEqual(['000', '002']);
    expect(await keys({ filter: { attackedScore: { gt: 45, lte: 60 } } })).toEqual(['001', '002']);
    expect(await keys({ filter: { imageKeyIn: [] } })).toEqual([]);
    const counted = await api.execute<Results>(asUser(a.viewer), RESULTS, { runId: a.runId, filter: { splitIn: ['TRAIN'] }, first: 1 });
    expect(counted.data?.imageResults.totalCount).toBe(3);
  });

  it('bounds filters and refuses values SQL would choke on', async () => {
    const deep = { AND: [{ AND: [{ AND: [{ AND: [{ mos: { gt: 1 } }] }] }] }] };
    expect((await api.execute(asUser(a.viewer), RESULTS, { runId: a.runId, filter: deep })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter' });
    expect((await api.execute(asUser(a.viewer), RESULTS, { runId: a.runId, filter: { imageKeyIn: ["x') OR 1=1 --"] } })).data).toMatchObject({ imageResults: { totalCount: 0 } });
    expect((await api.execute(asUser(a.viewer), RESULTS, { runId: a.runId, first: 1000 })).code).toBe('BAD_USER_INPUT');
  });
});

describe('imageResults order and cursors', () => {
  it('orders by score change with missing values last, in both directions, across pages', async () => {
    expect(await allPages({ orderBy: { field: 'SCORE_CHANGE', direction: 'DESC' } }, 2)).toEqual(['000', '001', '002', '004', '005', '003']);
    expect(await allPages({ orderBy: { field: 'SCORE_CHANGE', direction: 'ASC' } }, 2)).toEqual(['005', '004', '002', '001', '000', '003']);
  });

  it('pages through ties exactly once each (rank moved has three pairs of equal values)', async () => {
    const walked = await allPages({ orderBy: { field: 'RANK_MOVED' } }, 1);
    expect(walked).toHaveLength(6);
    expect(new Set(walked).size).toBe(6);
    expect(new Set(walked.slice(0, 2))).toEqual(new Set(['002', '003']));
    expect(new Set(walked.slice(2, 4))).toEqual(new Set(['001', '004']));
    expect(new Set(walked.slice(4))).toEqual(new Set(['000', '005']));
    expect(await allPages({ orderBy: { field: 'MOS', direction: 'DESC' } }, 4)).toEqual(['005', '004', '003', '002', '001', '000']);
    expect(await allPages({ orderBy: { field: 'KEY', direction: 'DESC' } }, 5)).toEqual(['005', '004', '003', '002', '001', '000']);
  });
});

describe('histogram and imageUnderEveryRun', () => {
  it('bins attacked − clean over the scored images', async () => {
    const result = await api.execute<{ run: { scoreChangeHistogram: { min: number; max: number; bins: Array<{ lower: number; upper: number; count: number }> } } }>(
      asUser(a.viewer),
      'query ($id: ID!) { run(id: $id) { scoreChangeHistogram(bins: 3) { min max bins { lower upper count } } } }',
      { id: a.runId },
    );
    expect(result.data?.run.scoreChangeHistogram).toEqual({
      min: -30,
      max: 45,
      bins: [
        { lower: -30, upper: -5, count: 2 },
        { lower: -5, upper: 20, count: 1 },
        { lower: 20, upper: 45, count: 2 },
      ],
    });
    expect((await api.execute(asUser(a.viewer), 'query ($id: ID!) { run(id: $id) { scoreChangeHistogram(bins: 0) { min } } }', { id: a.runId })).code).toBe('BAD_USER_INPUT');
  });

  it('returns every result of one image across the team’s runs, newest run first', async () => {
    const second = await createRun(db.prisma, { teamId: a.team.id, createdById: a.owner.id, modelId: a.modelId, datasetId: a.datasetId, attackId: 'pgd', config: {} });
    await upsertImageResult(db.prisma, { runId: second.id, imageId: a.imageIds[0]!, cleanScore: 20, attackedScore: 99 });
    const result = await api.execute<{ imageUnderEveryRun: Array<{ attackedScore: number; run: { id: string } }> }>(asUser(a.viewer), 'query ($id: ID!) { imageUnderEveryRun(imageId: $id) { attackedScore run { id } } }', { id: a.imageIds[0] });
    expect(result.data?.imageUnderEveryRun).toEqual([
      { attackedScore: 99, run: { id: second.id } },
      { attackedScore: 65, run: { id: a.runId } },
    ]);
  });
});

describe('DataLoader batching', () => {
  let counted: { counter: QueryCounter; api: TestApi; stop: () => Promise<void> };
  let big: SeededTeam;

  beforeAll(async () => {
    big = await seedTeam(db.prisma, api.store, 'res-big', { images: 120 });
    for (const [i, id] of big.imageResultIds.entries()) {
      await rateVisibility(db.prisma, { teamId: big.team.id, imageResultId: id, userId: big.member.id, visible: i % 3 === 0 });
      if (i % 2 === 0) await rateVisibility(db.prisma, { teamId: big.team.id, imageResultId: id, userId: big.admin.id, visible: false });
    }
    const { prisma, counter } = createCountingPrismaClient(db.url);
    const countedApi = await createTestApi(prisma);
    counted = { counter, api: countedApi, stop: async () => { await countedApi.stop(); await prisma.$disconnect(); } };
  });
  afterAll(async () => {
    await counted?.stop();
  });

  const PAGE = `query ($runId: ID!, $first: Int) { imageResults(runId: $runId, first: $first, orderBy: { field: MOS, direction: DESC }) {
    totalCount edges { node { cleanScore attackedScore image { key mos dataset { name } } run { id name stages { kind } } ratings { visible user { email } } } } } }`;

  async function statementsFor(first: number): Promise<number> {
    counted.counter.reset();
    const result = await counted.api.execute<{ imageResults: { edges: Array<{ node: { ratings: unknown[] } }> } }>(asUser(big.viewer), PAGE, { runId: big.runId, first });
    expect(result.errors).toBeUndefined();
    expect(result.data?.imageResults.edges).toHaveLength(first);
    const ratings = result.data!.imageResults.edges.map((edge) => edge.node.ratings.length);
    expect(ratings.every((n) => n >= 1) && ratings.some((n) => n === 2)).toBe(true);
    return counted.counter.count;
  }

  it('reads a page of 100 results with image, dataset, run, stages and ratings in a bounded number of SQL statements', async () => {
    const ten = await statementsFor(10);
    const hundred = await statementsFor(100);
    expect(hundred).toBe(ten);
    expect(hundred, counted.counter.statements.join('\n')).toBeLessThanOrEqual(12);
  });
});
