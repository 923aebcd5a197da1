import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTeam, type SeededTeam } from '../../testing/seed-world';
import { asUser, createTestApi, type TestApi } from '../../testing/test-api';

let db: TestDatabase;
let api: TestApi;
let a: SeededTeam;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_api_review' });
  api = await createTestApi(db.prisma);
  a = await seedTeam(db.prisma, api.store, 'rev-a');
});
afterAll(async () => {
  await api?.stop();
  await db?.drop();
});

const ADD = 'mutation ($runId: ID!, $imageId: ID, $step: Int, $body: String!) { addComment(runId: $runId, imageId: $imageId, step: $step, body: $body) { id body step author { email } image { key } run { id } } }';
const COMMENTS = 'query ($runId: ID!, $imageId: ID, $first: Int, $after: String) { comments(runId: $runId, imageId: $imageId, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { body author { email } } } } }';
const RATE = 'mutation ($id: ID!, $visible: Boolean!) { rateVisibility(imageResultId: $id, visible: $visible) { visible user { email } } }';

describe('comments', () => {
  it('keeps the view a comment on an image was written at, and refuses a view without an image or out of bounds', async () => {
    const PINNED = 'mutation ($runId: ID!, $imageId: ID, $body: String!, $view: CommentViewInput) { addComment(runId: $runId, imageId: $imageId, body: $body, view: $view) { id view { z cx cy } } }';
    const pinned = await api.execute<{ addComment: { id: string; view: { z: number; cx: number; cy: number } } }>(asUser(a.member), PINNED, { runId: a.runId, imageId: a.imageIds[2], body: 'ringing at the edge', view: { z: 8, cx: 0.25, cy: 0.75 } });
    expect(pinned.data?.addComment.view).toEqual({ z: 8, cx: 0.25, cy: 0.75 });
    const listed = await api.execute<{ comments: { edges: Array<{ node: { body: string; view: unknown } }> } }>(asUser(a.viewer), 'query ($runId: ID!, $imageId: ID) { comments(runId: $runId, imageId: $imageId) { edges { node { body view { z cx cy } } } } }', { runId: a.runId, imageId: a.imageIds[2] });
    expect(listed.data?.comments.edges.map((edge) => edge.node)).toEqual([{ body: 'ringing at the edge', view: { z: 8, cx: 0.25, cy: 0.75 } }]);
    const unpinned = await api.execute<{ addComment: { view: unknown } }>(asUser(a.member), PINNED, { runId: a.runId, imageId: a.imageIds[2], body: 'fit view' });
    expect(unpinned.data?.addComment.view).toBeNull();
    const noImage = await api.execute(asUser(a.member), PINNED, { runId: a.runId, body: 'where?', view: { z: 2, cx: 0.5, cy: 0.5 } });
    expect(noImage.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(noImage.errors?.[0]?.message).toMatch(/view is for comments on an image/);
    const outside = await api.execute(asUser(a.member), PINNED, { runId: a.runId, imageId: a.imageIds[2], body: 'too far', view: { z: 100, cx: 1.5, cy: 0.5 } });
    expect(outside.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    // The refused ones wrote nothing.
    expect(await db.prisma.comment.count({ where: { runId: a.runId, body: { in: ['where?', 'too far'] } } })).toBe(0);
    await db.prisma.comment.deleteMany({ where: { runId: a.runId, imageId: a.imageIds[2] } });
  });

  it('adds comments with author, optional image and step, and lists them oldest first in pages', async () => {
    const first = await api.execute(asUser(a.member), ADD, { runId: a.runId, body: 'SROCC collapsed' });
    expect(first.data).toMatchObject({ addComment: { body: 'SROCC collapsed', step: null, author: { email: 'member@rev-a.test' }, image: null, run: { id: a.runId } } });
    const onImage = await api.execute(asUser(a.admin), ADD, { runId: a.runId, imageId: a.imageIds[1], step: 3, body: 'visible ringing at step 3' });
    expect(onImage.data).toMatchObject({ addComment: { step: 3, image: { key: 'img-001.png' } } });
    await api.execute(asUser(a.owner), ADD, { runId: a.runId, body: 'third' });

    const page = await api.execute<{ comments: { totalCount: number; pageInfo: { endCursor: string; hasNextPage: boolean }; edges: Array<{ node: { body: string } }> } }>(asUser(a.viewer), COMMENTS, { runId: a.runId, first: 2 });
    expect(page.data?.comments.totalCount).toBe(3);
    expect(page.data?.comments.edges.map((e) => e.node.body)).toEqual(['SROCC collapsed', 'visible ringing at step 3']);
    const rest = await api.execute<typeof page.data>(asUser(a.viewer), COMMENTS, { runId: a.runId, first: 2, after: page.data?.comments.pageInfo.endCursor });
    expect(rest.data?.comments.edges.map((e) => e.node.body)).toEqual(['third']);
    const ofImage = await api.execute<typeof page.data>(asUser(a.viewer), COMMENTS, { runId: a.runId, imageId: a.imageIds[1] });
    expect(ofImage.data?.comments.edges.map((e) => e.node.body)).toEqual(['visible ringing at step 3']);
  });

  it('refuses VIEWERs, empty bodies and images of another dataset', async () => {
    expect((await api.execute(asUser(a.viewer), ADD, { runId: a.runId, body: 'hi' })).code).toBe('FORBIDDEN');
    expect((await api.execute(asUser(a.member), ADD, { runId: a.runId, body: '   ' })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
    const b = await seedTeam(db.prisma, api.store, 'rev-b', { images: 2 });
    expect((await api.execute(asUser(a.member), ADD, { runId: a.runId, imageId: b.imageIds[0], body: 'x' })).code).toBe('NOT_FOUND');
  });
});

describe('visibility ratings', () => {
  it('keeps one rating per reviewer per image result and filters by visibility', async () => {
    const [r0, r1, r2] = a.imageResultIds;
    expect((await api.execute(asUser(a.member), RATE, { id: r0, visible: false })).data).toEqual({ rateVisibility: { visible: false, user: { email: 'member@rev-a.test' } } });
    expect((await api.execute(asUser(a.member), RATE, { id: r0, visible: true })).data).toEqual({ rateVisibility: { visible: true, user: { email: 'member@rev-a.test' } } });
    await api.execute(asUser(a.member), RATE, { id: r1, visible: false });
    await api.execute(asUser(a.admin), RATE, { id: r1, visible: false });
    await api.execute(asUser(a.member), RATE, { id: r2, visible: false });
    await api.execute(asUser(a.admin), RATE, { id: r2, visible: true });
    expect(await db.prisma.visibilityRating.count({ where: { imageResultId: r0 } })).toBe(1);
    expect((await api.execute(asUser(a.viewer), RATE, { id: r0, visible: false })).code).toBe('FORBIDDEN');

    const keys = async (visibility: string) => {
      const result = await api.execute<{ imageResults: { edges: Array<{ node: { image: { key: string }; ratings: unknown[] } }> } }>(
        asUser(a.viewer),
        'query ($runId: ID!, $v: Visibility) { imageResults(runId: $runId, filter: { visibility: $v }) { edges { node { image { key } ratings { visible } } } } }',
        { runId: a.runId, v: visibility },
      );
      return result.data!.imageResults.edges.map((e) => e.node.image.key);
    };
    expect(await keys('VISIBLE')).toEqual(['img-000.png', 'img-002.png']);
    expect(await keys('NOT_VISIBLE')).toEqual(['img-001.png']);
    expect(await keys('NOT_RATED')).toEqual(['img-003.png', 'img-004.png', 'img-005.png']);
  });
});
