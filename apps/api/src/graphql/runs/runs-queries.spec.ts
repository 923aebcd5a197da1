import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { createRun, deleteRun } from '@rankfall/runs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTeam, type SeededTeam } from '../../testing/seed-world';
import { asUser, createTestApi, type TestApi } from '../../testing/test-api';

let db: TestDatabase;
let api: TestApi;
let a: SeededTeam;
let extraRuns: string[];

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_api_reads' });
  api = await createTestApi(db.prisma);
  a = await seedTeam(db.prisma, api.store, 'reads-a', { images: 5 });
  extraRuns = [];
  for (const attackId of ['ifgsm', 'pgd', 'fgsm']) {
    const run = await createRun(db.prisma, { teamId: a.team.id, createdById: a.owner.id, modelId: a.modelId, datasetId: a.datasetId, attackId, config: {} });
    extraRuns.push(run.id);
  }
});
afterAll(async () => {
  await api?.stop();
  await db?.drop();
});

describe('datasets, images and models', () => {
  it('lists datasets with their images (key order, split filter, cursor pages) and models with catalog facts', async () => {
    const result = await api.execute<{
      team: { datasets: { totalCount: number; edges: Array<{ node: { name: string; imageCount: number; images: { totalCount: number; edges: Array<{ cursor: string; node: { key: string; mos: number; mosStd: number; split: string; width: number; height: number } }> } } }> }; models: { edges: Array<{ node: Record<string, unknown> }> } };
    }>(
      asUser(a.viewer),
      `{ team(slug: "reads-a") {
          datasets { totalCount edges { node { name imageCount images(split: TEST, first: 2) { totalCount edges { cursor node { key mos mosStd split width height } } } } } }
          models { edges { node { catalogId architecture lowerBetter scoreMin scoreMax normalization } } } } }`,
    );
    expect(result.errors).toBeUndefined();
    const dataset = result.data!.team.datasets.edges[0]!.node;
    expect(result.data!.team.datasets.totalCount).toBe(1);
    expect(dataset.imageCount).toBe(5);
    expect(dataset.images.totalCount).toBe(3);
    expect(dataset.images.edges.map((e) => e.node)).toEqual([
      { key: 'img-000.png', mos: 10, mosStd: 1.5, split: 'TEST', width: 4, height: 3 },
      { key: 'img-002.png', mos: 30, mosStd: 1.5, split: 'TEST', width: 4, height: 3 },
    ]);
    expect(result.data!.team.models.edges[0]!.node).toEqual({ catalogId: 'rankfall-demo-cnn', architecture: 'compact-cnn', lowerBetter: false, scoreMin: 0, scoreMax: 100, normalization: null });
    const next = await api.execute<{ dataset: { images: { edges: Array<{ node: { key: string } }> } } }>(asUser(a.viewer), 'query ($id: ID!, $after: String) { dataset(id: $id) { images(split: TEST, first: 2, after: $after) { edges { node { key } } } } }', {
      id: a.datasetId,
      after: dataset.images.edges[1]!.cursor,
    });
    expect(next.data?.dataset.images.edges.map((e) => e.node.key)).toEqual(['img-004.png']);
  });
});

describe('runs', () => {
  const RUNS = 'query ($filter: RunFilter, $first: Int, $after: String) { team(slug: "reads-a") { runs(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id attackId status createdBy { email } } } } } }';
  type Runs = { team: { runs: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: Array<{ node: { id: string; attackId: string; createdBy: { email: string } } }> } } };

  it('lists runs newest first in cursor pages, with filters, and hides soft-deleted runs', async () => {
    const page1 = await api.execute<Runs>(asUser(a.viewer), RUNS, { first: 2 });
    expect(page1.data?.team.runs.totalCount).toBe(4);
    expect(page1.data?.team.runs.edges.map((e) => e.node.id)).toEqual([extraRuns[2], extraRuns[1]]);
    const page2 = await api.execute<Runs>(asUser(a.viewer), RUNS, { first: 2, after: page1.data?.team.runs.pageInfo.endCursor });
    expect(page2.data?.team.runs.edges.map((e) => e.node.id)).toEqual([extraRuns[0], a.runId]);
    expect(page2.data?.team.runs.pageInfo.hasNextPage).toBe(false);

    const fgsm = await api.execute<Runs>(asUser(a.viewer), RUNS, { filter: { attackId: 'fgsm' } });
    expect(fgsm.data?.team.runs.edges.map((e) => e.node.id)).toEqual([extraRuns[2], a.runId]);
    const byMember = await api.execute<Runs>(asUser(a.viewer), RUNS, { filter: { createdById: a.member.id, status: ['QUEUED'] } });
    expect(byMember.data?.team.runs.edges.map((e) => e.node.createdBy.email)).toEqual(['member@reads-a.test']);
    const future = await api.execute<Runs>(asUser(a.viewer), RUNS, { filter: { createdAfter: new Date(Date.now() + 60_000).toISOString() } });
    expect(future.data?.team.runs.totalCount).toBe(0);
    expect((await api.execute(asUser(a.viewer), RUNS, { filter: { createdAfter: 'yesterday' } })).code).toBe('BAD_USER_INPUT');

    await deleteRun(db.prisma, a.team.id, extraRuns[1]!);
    const afterDelete = await api.execute<Runs>(asUser(a.viewer), RUNS, {});
    expect(afterDelete.data?.team.runs.edges.map((e) => e.node.id)).not.toContain(extraRuns[1]);
    expect((await api.execute(asUser(a.viewer), 'query ($id: ID!) { run(id: $id) { id } }', { id: extraRuns[1] })).code).toBe('NOT_FOUND');
  });

  it('reads one run with model, dataset, stages (JSON summary), shards and metrics', async () => {
    const result = await api.execute<{ run: { model: { catalogId: string }; dataset: { name: string }; config: Record<string, unknown>; stages: Array<{ kind: string; status: string; summary: unknown }>; shards: Array<{ shard: number; total: number }>; metrics: unknown[] } }>(
      asUser(a.viewer),
      'query ($id: ID!) { run(id: $id) { status progress config model { catalogId } dataset { name } stages { kind status progress summary } shards { kind shard status done total } metrics { name reference value ciLow ciHigh } sweep { id } } }',
      { id: a.runId },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.run.model.catalogId).toBe('rankfall-demo-cnn');
    expect(result.data?.run.stages.map((s) => s.kind)).toEqual(['CLEAN_SCORING', 'PERTURB', 'AGGREGATE']);
    expect(result.data?.run.shards).toEqual([expect.objectContaining({ shard: 0, total: 5 })]);
    expect(result.data?.run.metrics).toEqual([
      { name: 'srocc', reference: 'MOS_CLEAN', value: 0.9, ciLow: 0.85, ciHigh: 0.95 },
      { name: 'srocc', reference: 'MOS_ATTACKED', value: -0.9, ciLow: -0.95, ciHigh: -0.8 },
    ]);
    expect(typeof result.data?.run.config).toBe('object');
  });
});

describe('runAttacks', () => {
  it('lists every attack createRun accepts, with the paper defaults and a JSON Schema a form can be generated from', async () => {
    const result = await api.execute<{ runAttacks: Array<{ id: string; stages: string[]; defaultConfig: Record<string, unknown>; configSchema: { properties: Record<string, unknown> } }> }>(
      'anonymous',
      '{ runAttacks { id stages defaultConfig configSchema } }',
    );
    const attacks = result.data?.runAttacks ?? [];
    expect(attacks.map((a) => a.id)).toEqual(['sma', 'fgsm', 'ifgsm', 'pgd', 'mifgsm', 'korhonen', 'zhang-perceptual', 'uap']);
    const ifgsm = attacks.find((a) => a.id === 'ifgsm')!;
    expect(ifgsm.defaultConfig).toEqual({ epsilon: 0.005, alpha: 0.001, steps: 10, goal: 'lower-quality' });
    expect(Object.keys(ifgsm.configSchema.properties)).toEqual(['epsilon', 'alpha', 'steps', 'goal']);
    expect(attacks.find((a) => a.id === 'sma')?.stages).toContain('TARGETS');
  });
});
