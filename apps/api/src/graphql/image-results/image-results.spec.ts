import { addComment, rateVisibility, upsertImageResult } from '@rankfall/db';
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

describe('neighbours, imageIdIn, myRating and comment order', () => {
  const NEIGHBOURS = `query ($id: ID!, $filter: ImageResultFilter, $orderBy: ImageResultOrder) { imageResult(id: $id) {
    neighbours(filter: $filter, orderBy: $orderBy) { position total previous { id image { key } } next { id image { key } } } } }`;
  type Neighbours = { imageResult: { neighbours: { position: number | null; total: number; previous: { id: string; image: { key: string } } | null; next: { id: string; image: { key: string } } | null } } };
  const key = (node: { image: { key: string } } | null) => node?.image.key.slice(4, 7) ?? null;

  async function neighbours(imageIndex: number, variables: Record<string, unknown>) {
    const result = await api.execute<Neighbours>(asUser(a.viewer), NEIGHBOURS, { id: a.imageResultIds[imageIndex], ...variables });
    expect(result.errors).toBeUndefined();
    const found = result.data!.imageResult.neighbours;
    return { position: found.position, total: found.total, previous: key(found.previous), next: key(found.next) };
  }

  it('finds the previous and next result, the position and the total under a sort and a filter', async () => {
    const desc = { orderBy: { field: 'SCORE_CHANGE', direction: 'DESC' } };
    // Order: 000 001 002 004 005 003 (003 has no score change: last).
    expect(await neighbours(2, desc)).toEqual({ position: 3, total: 6, previous: '001', next: '004' });
    expect(await neighbours(0, desc)).toEqual({ position: 1, total: 6, previous: null, next: '001' });
    expect(await neighbours(3, desc)).toEqual({ position: 6, total: 6, previous: '005', next: null });
    expect(await neighbours(5, desc)).toEqual({ position: 5, total: 6, previous: '004', next: '003' });
    const asc = { orderBy: { field: 'SCORE_CHANGE', direction: 'ASC' } };
    expect(await neighbours(0, asc)).toEqual({ position: 5, total: 6, previous: '001', next: '003' });
    const filtered = { ...desc, filter: { scoreChangeAbsGt: 20 } };
    expect(await neighbours(1, filtered)).toEqual({ position: 2, total: 3, previous: '000', next: '005' });
    expect(await neighbours(2, filtered)).toEqual({ position: null, total: 3, previous: null, next: null });
  });

  it('walks the same order as the pages, ties included, forwards and backwards', async () => {
    for (const orderBy of [{ field: 'RANK_MOVED' }, { field: 'KEY', direction: 'DESC' }, { field: 'ATTACKED_SCORE', direction: 'DESC' }]) {
      const pages = await allPages({ orderBy }, 2);
      const first = a.imageResultIds[Number(pages[0])]!;
      const forward: string[] = [];
      let at: string | null = first;
      let last = first;
      while (at) {
        const result: Awaited<ReturnType<typeof api.execute<Neighbours>>> = await api.execute<Neighbours>(asUser(a.viewer), NEIGHBOURS, { id: at, orderBy });
        const here = result.data!.imageResult.neighbours;
        forward.push(String(a.imageResultIds.indexOf(at)).padStart(3, '0'));
        expect(here.position).toBe(forward.length);
        last = at;
        at = here.next?.id ?? null;
        expect(forward.length).toBeLessThanOrEqual(6);
      }
      expect(forward, JSON.stringify(orderBy)).toEqual(pages);
      const backward: string[] = [];
      at = last;
      while (at) {
        const result: Awaited<ReturnType<typeof api.execute<Neighbours>>> = await api.execute<Neighbours>(asUser(a.viewer), NEIGHBOURS, { id: at, orderBy });
        backward.push(String(a.imageResultIds.indexOf(at)).padStart(3, '0'));
        at = result.data!.imageResult.neighbours.previous?.id ?? null;
        expect(backward.length).toBeLessThanOrEqual(6);
      }
      expect(backward).toEqual([...pages].reverse());
    }
  });

  it('filters by image id', async () => {
    expect(await keys({ filter: { imageIdIn: [a.imageIds[4], a.imageIds[1]] } })).toEqual(['001', '004']);
    expect(await keys({ filter: { imageIdIn: [] } })).toEqual([]);
    expect((await api.execute(asUser(a.viewer), RESULTS, { runId: a.runId, filter: { imageIdIn: ['x'.repeat(65)] } })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('answers the viewer’s own rating only', async () => {
    const MINE = 'query ($id: ID!) { imageResult(id: $id) { myRating { visible user { email } } ratings { visible } } }';
    const id = a.imageResultIds[2]!;
    await rateVisibility(db.prisma, { teamId: a.team.id, imageResultId: id, userId: a.member.id, visible: true });
    await rateVisibility(db.prisma, { teamId: a.team.id, imageResultId: id, userId: a.admin.id, visible: false });
    type Mine = { imageResult: { myRating: { visible: boolean; user: { email: string } } | null; ratings: unknown[] } };
    const member = await api.execute<Mine>(asUser(a.member), MINE, { id });
    expect(member.data?.imageResult).toMatchObject({ myRating: { visible: true, user: { email: a.member.email } } });
    expect(member.data?.imageResult.ratings).toHaveLength(2);
    expect((await api.execute<Mine>(asUser(a.admin), MINE, { id })).data?.imageResult.myRating).toMatchObject({ visible: false });
    expect((await api.execute<Mine>(asUser(a.viewer), MINE, { id })).data?.imageResult.myRating).toBeNull();
  });

  it('lists comments newest first when asked, across pages', async () => {
    for (const body of ['first', 'second', 'third']) await addComment(db.prisma, { teamId: a.team.id, runId: a.runId, imageId: a.imageIds[0]!, authorId: a.member.id, body });
    const COMMENTS = `query ($runId: ID!, $imageId: ID, $order: CommentOrder, $after: String) {
      comments(runId: $runId, imageId: $imageId, order: $order, first: 2, after: $after) { pageInfo { hasNextPage endCursor } edges { node { body } } } }`;
    type Comments = { comments: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ node: { body: string } }> } };
    const walk = async (order: string | undefined) => {
      const bodies: string[] = [];
      let after: string | null = null;
      for (let guard = 0; guard < 5; guard++) {
        const result: Awaited<ReturnType<typeof api.execute<Comments>>> = await api.execute<Comments>(asUser(a.viewer), COMMENTS, { runId: a.runId, imageId: a.imageIds[0], order, after });
        expect(result.errors).toBeUndefined();
        bodies.push(...result.data!.comments.edges.map((edge) => edge.node.body));
        if (!result.data!.comments.pageInfo.hasNextPage) break;
        after = result.data!.comments.pageInfo.endCursor;
      }
      return bodies;
    };
    expect(await walk('NEWEST_FIRST')).toEqual(['third', 'second', 'first']);
    expect(await walk(undefined)).toEqual(['first', 'second', 'third']);
    const viaRun = await api.execute<{ run: { comments: { edges: Array<{ node: { body: string } }> } } }>(
      asUser(a.viewer),
      'query ($id: ID!) { run(id: $id) { comments(order: NEWEST_FIRST, first: 1) { edges { node { body } } } } }',
      { id: a.runId },
    );
    expect(viaRun.data?.run.comments.edges.map((edge) => edge.node.body)).toEqual(['third']);
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
    const flat = await createRun(db.prisma, { teamId: a.team.id, createdById: a.owner.id, modelId: a.modelId, datasetId: a.datasetId, attackId: 'fgsm', config: {} });
    for (const imageId of a.imageIds.slice(1, 4)) await upsertImageResult(db.prisma, { runId: flat.id, imageId, cleanScore: 40, attackedScore: 35 });
    const one = await api.execute<{ run: { scoreChangeHistogram: unknown } }>(asUser(a.viewer), 'query ($id: ID!) { run(id: $id) { scoreChangeHistogram(bins: 5) { min max bins { lower upper count } } } }', { id: flat.id });
    expect(one.data?.run.scoreChangeHistogram).toEqual({ min: -5, max: -5, bins: [{ lower: -5, upper: -5, count: 3 }] });
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
    // Memberships, run, page, count, ratings + their users, dataset, stages (the page's images come with the page).
    expect(hundred, counted.counter.statements.join('\n')).toBeLessThanOrEqual(8);
  });
});
