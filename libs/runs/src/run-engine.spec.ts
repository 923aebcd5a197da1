import { createStage1State, runStage1, serializeStage1State } from '@rankfall/attack-runner';
import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelRun, createRun, createSweep, retryRun } from './index';
import { seedRunFixtures, type RunFixtures } from './testing/seed-run-fixtures';
import { executeAggregate, executeOptimizeTargets, executePerturbShard, executeScoreClean, ModelCache, type StageContext } from './stages';

let db: TestDatabase;
let fx: RunFixtures;
let ctx: StageContext;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_runs_engine' });
  fx = await seedRunFixtures(db.prisma);
  ctx = { prisma: db.prisma, store: fx.store, workerId: 'test', models: new ModelCache(), checkpointEvery: 400 };
}, 120_000);
afterAll(async () => {
  await ctx?.models.dispose();
  await fx?.cleanup();
  await db?.drop();
});

async function jobs(runId: string): Promise<string[]> {
  const rows = await db.prisma.$queryRaw<Array<{ key: string }>>`SELECT key FROM graphile_worker.jobs WHERE key LIKE ${`run:${runId}:%`} ORDER BY key`;
  return rows.map((row) => row.key);
}

async function clearJobs(runId: string): Promise<void> {
  await db.prisma.$executeRaw`DELETE FROM graphile_worker._private_jobs WHERE key LIKE ${`run:${runId}:%`}`;
}

const sma = (extra: Record<string, unknown> = {}) => ({ teamId: fx.teamId, createdById: fx.userId, modelId: fx.modelId, datasetId: fx.datasetId, split: 'TEST' as const, attackId: 'sma', config: { stage1: { iterations: 1_200 } }, ...extra });

describe('createRun', () => {
  it('validates the attack and its config at the edge, naming the field', async () => {
    await expect(createRun(db.prisma, sma({ attackId: 'nope' }))).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'attackId' });
    await expect(createRun(db.prisma, sma({ config: { stage2: { epsilon: 2 } } }))).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'config.stage2.epsilon' });
    await expect(createRun(db.prisma, sma({ config: { stage1: { lambdaMse: 'x' } } }))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(createRun(db.prisma, sma({ attackId: 'ifgsm', config: { steps: 0 } }))).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'config.steps' });
    await expect(createRun(db.prisma, sma({ shardCount: 0 }))).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'shardCount' });
    expect(await db.prisma.run.count()).toBe(0);
  });

  it('offers the set-scaled stage-1 preset (soft-rank ε from N and the score range); the paper preset is the default', async () => {
    const paper = await createRun(db.prisma, sma());
    expect(paper.config).toMatchObject({ preset: 'paper', stage1: { softRankEps: 1 } });
    const scaled = await createRun(db.prisma, sma({ config: { preset: 'set-scaled' } }));
    expect(scaled.config).toMatchObject({ preset: 'set-scaled', stage1: { softRankEps: (100 / scaled.imageCount) * 2.32 } });
    const explicit = await createRun(db.prisma, sma({ config: { preset: 'set-scaled', stage1: { softRankEps: 2 } } }));
    expect(explicit.config).toMatchObject({ stage1: { softRankEps: 2 } });
    await expect(createRun(db.prisma, sma({ config: { preset: 'tuned' } }))).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'config.preset' });
    for (const run of [paper, scaled, explicit]) await cancelRun(db.prisma, fx.teamId, run.id);
    await db.prisma.run.deleteMany({ where: { id: { in: [paper.id, scaled.id, explicit.id] } } });
    await db.prisma.$executeRaw`DELETE FROM graphile_worker._private_jobs`;
  });

  it("refuses another team's model or dataset and writes nothing", async () => {
    await expect(createRun(db.prisma, sma({ teamId: fx.otherTeamId }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await db.prisma.run.count()).toBe(0);
  });

  it('inserts the run, its stages, its shards and its first job in one transaction, defaults filled in', async () => {
    const run = await createRun(db.prisma, sma({ shardCount: 3 }));
    expect(run).toMatchObject({ status: 'QUEUED', attackId: 'sma', shardCount: 3, budgetNorm: 'linf', budgetEpsilon: 0.005 });
    expect(run.imageCount).toBeGreaterThan(10);
    expect((run.config as { stage2: { alpha: number } }).stage2 ?? (run.config as { attack: { alpha: number } }).attack).toMatchObject({ alpha: 0.001, steps: 10 });
    const stages = await db.prisma.runStage.findMany({ where: { runId: run.id }, orderBy: { kind: 'asc' } });
    expect(stages.map((s) => s.kind)).toEqual(['CLEAN_SCORING', 'TARGETS', 'PERTURB', 'AGGREGATE']);
    const shards = await db.prisma.runShard.findMany({ where: { runId: run.id }, orderBy: { shard: 'asc' } });
    expect(shards.reduce((sum, s) => sum + s.total, 0)).toBe(run.imageCount);
    expect(await jobs(run.id)).toEqual([`run:${run.id}:score-clean`]);
    await cancelRun(db.prisma, fx.teamId, run.id);
    expect((await db.prisma.run.findUniqueOrThrow({ where: { id: run.id } })).status).toBe('CANCELLED');
    await clearJobs(run.id);
  });
});

describe('the run DAG, stage by stage', () => {
  it('runs SMA to the end with two shards; re-running a finished stage or shard writes nothing', async () => {
    const run = await createRun(db.prisma, sma({ shardCount: 2 }));
    expect(await executeScoreClean(ctx, run.id)).toBe('done');
    expect(await jobs(run.id)).toContain(`run:${run.id}:optimize-targets`);
    expect(await executeScoreClean(ctx, run.id)).toBe('skipped');
    expect(await executeOptimizeTargets(ctx, run.id)).toBe('done');
    const targets = await db.prisma.runStage.findUniqueOrThrow({ where: { runId_kind: { runId: run.id, kind: 'TARGETS' } } });
    expect(targets.checkpointIteration).toBe(1_200);
    expect(targets.summary).toMatchObject({ images: run.imageCount, iterations: 1_200, preset: 'paper', softRankEps: 1, initialBlocks: expect.any(Number) });
    expect(await jobs(run.id)).toEqual(expect.arrayContaining([`run:${run.id}:perturb:0`, `run:${run.id}:perturb:1`]));
    expect(await jobs(run.id)).not.toContain(`run:${run.id}:aggregate`);
    expect(await executePerturbShard(ctx, run.id, 0)).toBe('done');
    expect(await jobs(run.id)).not.toContain(`run:${run.id}:aggregate`);
    const before = await db.prisma.imageResult.findMany({ where: { runId: run.id }, select: { id: true, updatedAt: true }, orderBy: { id: 'asc' } });
    expect(await executePerturbShard(ctx, run.id, 0)).toBe('skipped');
    expect(await db.prisma.imageResult.findMany({ where: { runId: run.id }, select: { id: true, updatedAt: true }, orderBy: { id: 'asc' } })).toEqual(before);
    expect(await executePerturbShard(ctx, run.id, 1)).toBe('done');
    expect(await jobs(run.id)).toContain(`run:${run.id}:aggregate`);
    expect(await executeAggregate(ctx, run.id)).toBe('done');

    const done = await db.prisma.run.findUniqueOrThrow({ where: { id: run.id }, include: { metrics: true, imageResults: true } });
    expect(done.status).toBe('SUCCEEDED');
    expect(done.progress).toBe(1);
    expect(done.imageResults).toHaveLength(run.imageCount);
    for (const result of done.imageResults) {
      expect(result.perturbedAt).not.toBeNull();
      expect(result.linf).toBeLessThanOrEqual(0.005 + 1e-6);
      expect(result.trajectory).toHaveLength(11);
      expect(result.cleanRank).toBeGreaterThanOrEqual(1);
      expect(result.adversarialArtifactId).not.toBeNull();
    }
    // The stored L∞ is the saved 8-bit image's: a multiple of 1/255.
    expect(done.imageResults.every((r) => Math.abs((r.linf ?? 0) * 255 - Math.round((r.linf ?? 0) * 255)) < 1e-4)).toBe(true);
    const srocc = (reference: string) => done.metrics.find((m) => m.name === 'srocc' && m.reference === reference);
    expect(srocc('CLEAN_TARGET')).toBeDefined();
    // Stage 2 moves every image towards its stage-1 target: the attacked scores are closer to the targets than the clean ones.
    const gap = (pick: (r: (typeof done.imageResults)[number]) => number) => done.imageResults.reduce((sum, r) => sum + Math.abs(pick(r) - (r.targetScore ?? 0)), 0);
    expect(gap((r) => r.attackedScore ?? 0)).toBeLessThan(0.8 * gap((r) => r.cleanScore ?? 0));
    expect(await executeAggregate(ctx, run.id)).toBe('skipped');
  }, 300_000);

  it('resumes stage 1 from a checkpoint bit-identical to an uninterrupted run', async () => {
    const run = await createRun(db.prisma, sma());
    await executeScoreClean(ctx, run.id);
    const scores = await db.prisma.imageResult.findMany({ where: { runId: run.id }, select: { cleanScore: true }, orderBy: { image: { key: 'asc' } } });
    const config = (run.config as { stage1: Record<string, unknown> }).stage1;
    const reference = createStage1State(scores.map((s) => s.cleanScore as number), config);
    await runStage1(reference);
    const partial = createStage1State(scores.map((s) => s.cleanScore as number), config);
    await runStage1(partial, { until: 700 });
    await db.prisma.runStage.update({ where: { runId_kind: { runId: run.id, kind: 'TARGETS' } }, data: { checkpoint: JSON.parse(JSON.stringify(serializeStage1State(partial))), checkpointIteration: 700 } });
    const lines: string[] = [];
    expect(await executeOptimizeTargets({ ...ctx, log: (line) => lines.push(line) }, run.id)).toBe('done');
    expect(lines.join('\n')).toContain('resumes at iteration 700');
    const targets = await db.prisma.imageResult.findMany({ where: { runId: run.id }, select: { targetScore: true }, orderBy: { image: { key: 'asc' } } });
    expect(targets.map((t) => t.targetScore)).toEqual(Array.from(reference.targets));
    await cancelRun(db.prisma, fx.teamId, run.id);
  }, 120_000);

  it('stops at a cancel between images, keeps the finished ones, and a retry finishes only what is left', async () => {
    const run = await createRun(db.prisma, sma({ attackId: 'ifgsm', config: {}, shardCount: 2 }));
    expect(await db.prisma.runStage.count({ where: { runId: run.id, kind: 'TARGETS' } })).toBe(0);
    await executeScoreClean(ctx, run.id);
    await executePerturbShard(ctx, run.id, 0);
    await cancelRun(db.prisma, fx.teamId, run.id);
    expect(await executePerturbShard(ctx, run.id, 1)).toBe('cancelled');
    expect(await executePerturbShard(ctx, run.id, 1)).toBe('skipped');
    const cancelled = await db.prisma.run.findUniqueOrThrow({ where: { id: run.id } });
    expect(cancelled.status).toBe('CANCELLED');
    const kept = await db.prisma.imageResult.count({ where: { runId: run.id, perturbedAt: { not: null } } });
    expect(kept).toBe(Math.ceil(run.imageCount / 2));
    await clearJobs(run.id);
    await retryRun(db.prisma, fx.teamId, run.id);
    expect(await jobs(run.id)).toEqual([`run:${run.id}:perturb:1`]);
    expect(await executePerturbShard(ctx, run.id, 1)).toBe('done');
    expect(await executeAggregate(ctx, run.id)).toBe('done');
    const done = await db.prisma.run.findUniqueOrThrow({ where: { id: run.id } });
    expect(done.status).toBe('SUCCEEDED');
    expect(await db.prisma.imageResult.count({ where: { runId: run.id, perturbedAt: { not: null } } })).toBe(run.imageCount);
    await expect(retryRun(db.prisma, fx.teamId, run.id)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await expect(cancelRun(db.prisma, fx.otherTeamId, run.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  }, 300_000);

  it('creates a sweep as one run per budget value, grouped', async () => {
    const sweep = await createSweep(db.prisma, { ...sma({ attackId: 'fgsm', config: {} }), parameter: 'epsilon', values: [0.002, 0.004] });
    expect(sweep.runs.map((r) => r.budgetEpsilon)).toEqual([0.002, 0.004]);
    expect(await db.prisma.run.count({ where: { sweepId: sweep.sweepId } })).toBe(2);
    await expect(createSweep(db.prisma, { ...sma({ attackId: 'fgsm', config: {} }), parameter: 'nope', values: [1] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    for (const run of sweep.runs) await cancelRun(db.prisma, fx.teamId, run.id);
  });
});
