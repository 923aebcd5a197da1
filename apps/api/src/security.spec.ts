import { addComment, addMember, issueApiToken, rateVisibility } from '@rankfall/db';
import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { createSweep } from '@rankfall/runs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type RunningApi } from './create-api-server';
import { seedTeam, type SeededTeam } from './testing/seed-world';
import { asUser, createTestApi, withToken, type As, type TestApi } from './testing/test-api';

/**
 * Team isolation, type by type: an OWNER of team B (the strongest role there is), and a token of team B
 * whose user is also a member of team A, can neither read, list nor change anything of team A.
 */
let db: TestDatabase;
let api: TestApi;
let server: RunningApi;
let a: SeededTeam;
let b: SeededTeam;
let sweepA: string;
let tokenA: { id: string };
let crossToken: string;
let commentA: string;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_api_security' });
  api = await createTestApi(db.prisma);
  a = await seedTeam(db.prisma, api.store, 'sec-a', { images: 4 });
  b = await seedTeam(db.prisma, api.store, 'sec-b', { images: 2 });
  sweepA = (await createSweep(db.prisma, { teamId: a.team.id, createdById: a.owner.id, modelId: a.modelId, datasetId: a.datasetId, attackId: 'fgsm', parameter: 'epsilon', values: [0.002] })).sweepId;
  tokenA = (await issueApiToken(db.prisma, { userId: a.admin.id, teamId: a.team.id, name: 'a-token', role: 'ADMIN' })).token;
  // b's member is also a VIEWER of team A; their token is for team B only.
  await addMember(db.prisma, { teamId: a.team.id, userId: b.member.id, role: 'VIEWER' });
  crossToken = (await issueApiToken(db.prisma, { userId: b.member.id, teamId: b.team.id, name: 'b-only', role: 'MEMBER' })).secret;
  commentA = (await addComment(db.prisma, { teamId: a.team.id, runId: a.runId, authorId: a.member.id, body: 'team A only' })).id;
  await rateVisibility(db.prisma, { teamId: a.team.id, imageResultId: a.imageResultIds[0]!, userId: a.member.id, visible: true });
  server = await startApiServer({ prisma: db.prisma, databaseUrl: db.url, artifactStore: api.store, port: 0, host: '127.0.0.1', webOrigins: [] });
});
afterAll(async () => {
  await server?.stop();
  await api?.stop();
  await db?.drop();
});

const outsiders: Array<[string, () => As]> = [
  ['team B’s OWNER', () => asUser(b.owner)],
  ['a team-B token of a team-A member', () => withToken(crossToken)],
];

type Case = [string, string, () => Record<string, unknown>];

const reads: Case[] = [
  ['team', 'query ($slug: String!) { team(slug: $slug) { id } }', () => ({ slug: 'sec-a' })],
  ['membership list', 'query ($slug: String!) { team(slug: $slug) { members { edges { node { id } } } } }', () => ({ slug: 'sec-a' })],
  ['token list', 'query ($slug: String!) { team(slug: $slug) { apiTokens { id } } }', () => ({ slug: 'sec-a' })],
  ['dataset', 'query ($id: ID!) { dataset(id: $id) { id name } }', () => ({ id: a.datasetId })],
  ['image', 'query ($id: ID!) { image(id: $id) { id key } }', () => ({ id: a.imageIds[0] })],
  ['model', 'query ($id: ID!) { model(id: $id) { id } }', () => ({ id: a.modelId })],
  ['run', 'query ($id: ID!) { run(id: $id) { id } }', () => ({ id: a.runId })],
  ['stages, shards and metrics', 'query ($id: ID!) { run(id: $id) { stages { kind } shards { shard } metrics { value } } }', () => ({ id: a.runId })],
  ['sweep', 'query ($id: ID!) { sweep(id: $id) { id runs { id } } }', () => ({ id: sweepA })],
  ['image results', 'query ($id: ID!) { imageResults(runId: $id) { totalCount edges { node { id } } } }', () => ({ id: a.runId })],
  ['image result', 'query ($id: ID!) { imageResult(id: $id) { id ratings { visible } } }', () => ({ id: a.imageResultIds[0] })],
  ['image under every run', 'query ($id: ID!) { imageUnderEveryRun(imageId: $id) { id } }', () => ({ id: a.imageIds[0] })],
  ['histogram', 'query ($id: ID!) { run(id: $id) { scoreChangeHistogram { min } } }', () => ({ id: a.runId })],
  ['comments', 'query ($id: ID!) { comments(runId: $id) { edges { node { id body } } } }', () => ({ id: a.runId })],
];

const writes: Case[] = [
  ['inviteMember', 'mutation ($t: ID!) { inviteMember(teamId: $t, email: "owner@sec-b.test", role: VIEWER) { id } }', () => ({ t: a.team.id })],
  ['changeRole', 'mutation ($t: ID!, $u: ID!) { changeRole(teamId: $t, userId: $u, role: VIEWER) { id } }', () => ({ t: a.team.id, u: a.admin.id })],
  ['removeMember', 'mutation ($t: ID!, $u: ID!) { removeMember(teamId: $t, userId: $u) }', () => ({ t: a.team.id, u: a.admin.id })],
  ['deleteTeam', 'mutation ($t: ID!) { deleteTeam(teamId: $t) }', () => ({ t: a.team.id })],
  ['revokeApiToken (team A)', 'mutation ($t: ID!, $id: ID!) { revokeApiToken(teamId: $t, id: $id) }', () => ({ t: a.team.id, id: tokenA.id })],
  ['revokeApiToken (via own team)', 'mutation ($t: ID!, $id: ID!) { revokeApiToken(teamId: $t, id: $id) }', () => ({ t: b.team.id, id: tokenA.id })],
  ['createRun in team A', 'mutation ($t: ID!, $m: ID!, $d: ID!) { createRun(input: { teamId: $t, modelId: $m, datasetId: $d, attackId: "fgsm" }) { id } }', () => ({ t: a.team.id, m: a.modelId, d: a.datasetId })],
  ['createRun with team A’s model', 'mutation ($t: ID!, $m: ID!, $d: ID!) { createRun(input: { teamId: $t, modelId: $m, datasetId: $d, attackId: "fgsm" }) { id } }', () => ({ t: b.team.id, m: a.modelId, d: b.datasetId })],
  ['createRun with team A’s dataset', 'mutation ($t: ID!, $m: ID!, $d: ID!) { createRun(input: { teamId: $t, modelId: $m, datasetId: $d, attackId: "fgsm" }) { id } }', () => ({ t: b.team.id, m: b.modelId, d: a.datasetId })],
  ['cancelRun', 'mutation ($id: ID!) { cancelRun(id: $id) { id } }', () => ({ id: a.runId })],
  ['retryRun', 'mutation ($id: ID!) { retryRun(id: $id) { id } }', () => ({ id: a.runId })],
  ['deleteRun', 'mutation ($id: ID!) { deleteRun(id: $id) }', () => ({ id: a.runId })],
  ['addComment', 'mutation ($id: ID!) { addComment(runId: $id, body: "x") { id } }', () => ({ id: a.runId })],
  ['addComment on a team-A image', 'mutation ($r: ID!, $i: ID!) { addComment(runId: $r, imageId: $i, body: "x") { id } }', () => ({ r: b.runId, i: a.imageIds[0] })],
  ['rateVisibility', 'mutation ($id: ID!) { rateVisibility(imageResultId: $id, visible: false) { id } }', () => ({ id: a.imageResultIds[0] })],
];

describe.each(outsiders)('%s', (_who, outsider) => {
  it.each(reads)('cannot read %s of team A', async (_name, query, variables) => {
    const result = await api.execute(outsider(), query, variables());
    expect(result.code).toBe('NOT_FOUND');
    expect(JSON.stringify(result.data ?? null)).not.toMatch(new RegExp([a.runId, a.datasetId, a.modelId, commentA, 'team A only'].join('|')));
  });

  it.each(writes)('cannot %s', async (_name, query, variables) => {
    const result = await api.execute(outsider(), query, variables());
    expect(result.code).toBe('NOT_FOUND');
  });

  it('lists nothing of team A in its own team’s lists', async () => {
    const result = await api.execute<{ team: Record<string, { edges: Array<{ node: { id: string } }> }> }>(
      outsider(),
      'query ($m: ID!) { team(slug: "sec-b") { datasets { edges { node { id } } } models { edges { node { id } } } runs { edges { node { id } } } filtered: runs(filter: { modelId: $m }) { edges { node { id } } } } }',
      { m: a.modelId },
    );
    expect(result.errors).toBeUndefined();
    const ids = JSON.stringify(result.data);
    expect(ids).toContain(b.runId);
    expect(ids).not.toMatch(new RegExp([a.runId, a.datasetId, a.modelId].join('|')));
    expect(result.data?.team['filtered']?.edges).toEqual([]);
  });
});

describe('after every attempt above', () => {
  it('team A is unchanged', async () => {
    const run = await db.prisma.run.findUniqueOrThrow({ where: { id: a.runId } });
    expect([run.status, run.deletedAt]).toEqual(['QUEUED', null]);
    expect(await db.prisma.comment.count({ where: { runId: a.runId } })).toBe(1);
    expect(await db.prisma.visibilityRating.findMany({ where: { imageResultId: a.imageResultIds[0] }, select: { visible: true } })).toEqual([{ visible: true }]);
    expect(await db.prisma.membership.findMany({ where: { teamId: a.team.id, userId: a.admin.id }, select: { role: true } })).toEqual([{ role: 'ADMIN' }]);
    expect((await db.prisma.apiToken.findUniqueOrThrow({ where: { id: tokenA.id } })).revokedAt).toBeNull();
    expect(await db.prisma.run.count({ where: { teamId: b.team.id } })).toBe(1);
    expect(await db.prisma.team.count({ where: { id: a.team.id } })).toBe(1);
  });
});

describe('artifact and export routes', () => {
  it('answer 404 to another team for every file of team A', async () => {
    const { secret } = await issueApiToken(db.prisma, { userId: b.owner.id, teamId: b.team.id, name: 'routes', role: 'OWNER' });
    const paths = [
      ...['clean.png', 'adversarial.png', 'difference.png'].map((file) => `/artifacts/run/${a.runId}/image/${a.imageIds[0]}/${file}`),
      `/exports/run/${a.runId}/results.csv`,
      `/exports/run/${a.runId}/results.json`,
      // Team B's run with team A's image: the pair does not exist.
      `/artifacts/run/${b.runId}/image/${a.imageIds[0]}/clean.png`,
    ];
    for (const path of paths) {
      const response = await fetch(`${server.origin}${path}`, { headers: { authorization: `Bearer ${secret}` } });
      expect(response.status, path).toBe(404);
      expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });
    }
    const own = await fetch(`${server.origin}/artifacts/run/${b.runId}/image/${b.imageIds[0]}/clean.png`, { headers: { authorization: `Bearer ${secret}` } });
    expect(own.status).toBe(200);
  });
});
