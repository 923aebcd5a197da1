import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { completeShard, findRunMetrics, insertRun, listRuns, lockRun, replaceRunMetrics, setTargetScores, transitionRun, upsertImageResult } from './runs.repository';
import { withTransaction } from '../transaction';

let db: TestDatabase;
const ids = { team: '', other: '', model: '', otherModel: '', dataset: '', image: '' };

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_runs' });
  const p = db.prisma;
  ids.team = (await p.team.create({ data: { slug: 'a', name: 'A' } })).id;
  ids.other = (await p.team.create({ data: { slug: 'b', name: 'B' } })).id;
  const model = { catalogId: 'rankfall-demo-cnn', architecture: 'compact-cnn', lowerBetter: false, scoreMin: 0, scoreMax: 100, inputKind: 'any' };
  ids.model = (await p.model.create({ data: { ...model, teamId: ids.team, name: 'm' } })).id;
  ids.otherModel = (await p.model.create({ data: { ...model, teamId: ids.other, name: 'm' } })).id;
  ids.dataset = (await p.dataset.create({ data: { teamId: ids.team, name: 'd', version: '1', format: 'synthetic', mosMin: 0, mosMax: 100, lowerBetter: false, source: 's', licence: 'l' } })).id;
  ids.image = (await p.image.create({ data: { datasetId: ids.dataset, key: 'a.png', sha256: 'a'.repeat(64), width: 8, height: 8, mos: 50 } })).id;
});
afterAll(async () => {
  await db?.drop();
});

const base = () => ({ teamId: ids.team, modelId: ids.model, datasetId: ids.dataset, attackId: 'sma', config: { stage2: { epsilon: 0.005 } }, seed: 919, stages: ['CLEAN_SCORING', 'TARGETS', 'PERTURB', 'AGGREGATE'] as const, imageCount: 1 });

describe('runs', () => {
  it('creates a run with its stages, scoped to the team', async () => {
    const run = await insertRun(db.prisma, { ...base(), stages: [...base().stages] });
    expect(run).toMatchObject({ status: 'QUEUED', attackId: 'sma', model: { id: ids.model }, dataset: { id: ids.dataset } });
    expect(await db.prisma.runStage.count({ where: { runId: run.id } })).toBe(4);
    await expect(insertRun(db.prisma, { ...base(), stages: [], modelId: ids.otherModel })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await listRuns(db.prisma, ids.other)).toEqual([]);
  });

  it('overwrites an image result on retry instead of duplicating it', async () => {
    const run = await insertRun(db.prisma, { ...base(), stages: ['PERTURB'] });
    expect(await transitionRun(db.prisma, run.id, ['QUEUED'], 'RUNNING')).toBe(true);
    await upsertImageResult(db.prisma, { runId: run.id, imageId: ids.image, cleanScore: 40, trajectory: [40, 41] });
    await upsertImageResult(db.prisma, { runId: run.id, imageId: ids.image, cleanScore: 40, attackedScore: 60, trajectory: [40, 50, 60] });
    const rows = await db.prisma.imageResult.findMany({ where: { runId: run.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ attackedScore: 60, trajectory: [40, 50, 60] });
    expect(await transitionRun(db.prisma, run.id, ['RUNNING'], 'SUCCEEDED', { progress: 1 })).toBe(true);
    const done = await db.prisma.run.findUniqueOrThrow({ where: { id: run.id } });
    expect(done.startedAt).not.toBeNull();
    expect(done.finishedAt).not.toBeNull();
    expect(done.progress).toBe(1);
  });

  it('guards status transitions: a retried job cannot turn a cancelled run back into running', async () => {
    const run = await insertRun(db.prisma, { ...base(), stages: ['PERTURB'] });
    expect(await transitionRun(db.prisma, run.id, ['QUEUED', 'RUNNING'], 'CANCELLED')).toBe(true);
    expect(await transitionRun(db.prisma, run.id, ['QUEUED'], 'RUNNING')).toBe(false);
    expect((await db.prisma.run.findUniqueOrThrow({ where: { id: run.id } })).status).toBe('CANCELLED');
  });

  it('lets exactly one shard see itself finish last', async () => {
    const run = await insertRun(db.prisma, { ...base(), stages: ['PERTURB'], shardCount: 2, imageCount: 2 });
    const finish = (shard: number) => withTransaction(db.prisma, async (tx) => { await lockRun(tx, run.id); return completeShard(tx, run.id, 'PERTURB', shard); });
    const [a, b] = await Promise.all([finish(0), finish(1)]);
    expect([a, b].filter((r) => r.changed && r.remaining === 0)).toHaveLength(1);
    expect(await finish(1)).toEqual({ changed: false, remaining: 0 });
  });

  it('keeps scoreChange and rankMoved equal to their definition whoever writes the row (trigger)', async () => {
    const run = await insertRun(db.prisma, { ...base(), stages: ['PERTURB'] });
    await upsertImageResult(db.prisma, { runId: run.id, imageId: ids.image, cleanScore: 40, attackedScore: 61.5 });
    await db.prisma.imageResult.updateMany({ where: { runId: run.id }, data: { cleanRank: 3, attackedRank: 10 } });
    expect(await db.prisma.imageResult.findFirstOrThrow({ where: { runId: run.id } })).toMatchObject({ scoreChange: 21.5, rankMoved: 7 });
    await db.prisma.imageResult.updateMany({ where: { runId: run.id }, data: { attackedScore: null } });
    expect(await db.prisma.imageResult.findFirstOrThrow({ where: { runId: run.id } })).toMatchObject({ scoreChange: null });
  });

  it('stores stage-1 targets bit for bit (Prisma rounds float parameters to 16 digits)', async () => {
    const run = await insertRun(db.prisma, { ...base(), stages: ['TARGETS'] });
    await upsertImageResult(db.prisma, { runId: run.id, imageId: ids.image, cleanScore: 1 });
    await setTargetScores(db.prisma, run.id, [{ imageId: ids.image, targetScore: 53.578096324971625 }]);
    const row = await db.prisma.imageResult.findFirstOrThrow({ where: { runId: run.id } });
    expect(row.targetScore).toBe(53.578096324971625);
  });

  it('replaces metrics idempotently and reads them only within the team', async () => {
    const run = await insertRun(db.prisma, { ...base(), stages: ['AGGREGATE'] });
    const metrics = [
      { name: 'srocc', reference: 'MOS_CLEAN' as const, value: 0.9, ciLow: 0.85, ciHigh: 0.94 },
      { name: 'srocc', reference: 'MOS_ATTACKED' as const, value: -0.2 },
    ];
    await replaceRunMetrics(db.prisma, run.id, metrics);
    await replaceRunMetrics(db.prisma, run.id, metrics);
    expect(await findRunMetrics(db.prisma, ids.team, run.id)).toHaveLength(2);
    expect(await findRunMetrics(db.prisma, ids.other, run.id)).toEqual([]);
  });
});
