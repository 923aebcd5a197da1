import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { createRun, findRunMetrics, listRuns, replaceRunMetrics, updateRunProgress, upsertImageResult } from './runs.repository';

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

const base = () => ({ teamId: ids.team, modelId: ids.model, datasetId: ids.dataset, attackId: 'sma', config: { stage2: { epsilon: 0.005 } }, seed: 919, stages: ['CLEAN_SCORING', 'TARGETS', 'PERTURB', 'AGGREGATE'] as const });

describe('runs', () => {
  it('creates a run with its stages, scoped to the team', async () => {
    const run = await createRun(db.prisma, { ...base(), stages: [...base().stages] });
    expect(run).toMatchObject({ status: 'QUEUED', attackId: 'sma', model: { id: ids.model }, dataset: { id: ids.dataset } });
    expect(await db.prisma.runStage.count({ where: { runId: run.id } })).toBe(4);
    await expect(createRun(db.prisma, { ...base(), stages: [], modelId: ids.otherModel })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await listRuns(db.prisma, ids.other)).toEqual([]);
  });

  it('overwrites an image result on retry instead of duplicating it', async () => {
    const run = await createRun(db.prisma, { ...base(), stages: ['PERTURB'] });
    await updateRunProgress(db.prisma, run.id, { status: 'RUNNING', progress: 0.5, stage: { kind: 'PERTURB', status: 'RUNNING' } });
    await upsertImageResult(db.prisma, { runId: run.id, imageId: ids.image, cleanScore: 40, trajectory: [40, 41] });
    await upsertImageResult(db.prisma, { runId: run.id, imageId: ids.image, cleanScore: 40, attackedScore: 60, trajectory: [40, 50, 60] });
    const rows = await db.prisma.imageResult.findMany({ where: { runId: run.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ attackedScore: 60, trajectory: [40, 50, 60] });
    await updateRunProgress(db.prisma, run.id, { status: 'SUCCEEDED', progress: 1 });
    const done = await db.prisma.run.findUniqueOrThrow({ where: { id: run.id } });
    expect(done.startedAt).not.toBeNull();
    expect(done.finishedAt).not.toBeNull();
    expect(done.progress).toBe(1);
  });

  it('replaces metrics idempotently and reads them only within the team', async () => {
    const run = await createRun(db.prisma, { ...base(), stages: ['AGGREGATE'] });
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
