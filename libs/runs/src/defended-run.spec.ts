import { listRunImages } from '@rankfall/db';
import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { jpegRoundTrip } from '@rankfall/iqa-models';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRun } from './index';
import { seedRunFixtures, type RunFixtures } from './testing/seed-run-fixtures';
import { executeAggregate, executePerturbShard, executeScoreClean, ModelCache, type StageContext } from './stages';
import { loadRunImage } from './stages/run-image-loader';

let db: TestDatabase;
let fx: RunFixtures;
let ctx: StageContext;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_runs_defense' });
  fx = await seedRunFixtures(db.prisma, { references: 4 });
  ctx = { prisma: db.prisma, store: fx.store, workerId: 'test', models: new ModelCache(), progressEveryMs: 0 };
}, 120_000);
afterAll(async () => {
  await ctx?.models.dispose();
  await fx?.cleanup();
  await db?.drop();
});

const ifgsm = (config: Record<string, unknown>) => ({ teamId: fx.teamId, createdById: fx.userId, modelId: fx.modelId, datasetId: fx.datasetId, split: 'TEST' as const, attackId: 'ifgsm', config: { epsilon: 0.03, alpha: 0.006, steps: 10, ...config } });

async function runToTheEnd(runId: string) {
  expect(await executeScoreClean(ctx, runId)).toBe('done');
  expect(await executePerturbShard(ctx, runId, 0)).toBe('done');
  expect(await executeAggregate(ctx, runId)).toBe('done');
  const run = await db.prisma.run.findUniqueOrThrow({ where: { id: runId }, include: { metrics: true, imageResults: { include: { image: { select: { key: true } } } } } });
  expect(run.status).toBe('SUCCEEDED');
  const results = [...run.imageResults].sort((a, b) => a.image.key.localeCompare(b.image.key));
  const mae = run.metrics.find((m) => m.name === 'mae' && m.reference === 'CLEAN_ATTACKED')?.value ?? Number.NaN;
  return { run, clean: results.map((r) => r.cleanScore as number), mae };
}

describe('a run config takes a defense', () => {
  it('validates it at the edge, naming the field, and stores it with its defaults', async () => {
    await expect(createRun(db.prisma, ifgsm({ defense: { kind: 'jpeg', params: { quality: 0 } } }))).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'config.defense.params.quality' });
    await expect(createRun(db.prisma, ifgsm({ defense: { kind: 'sharpen' } }))).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'config.defense.kind' });
    await expect(createRun(db.prisma, ifgsm({ defense: { kind: 'jpeg', gradient: 'eot' } }))).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'config.defense.gradient' });
    await expect(createRun(db.prisma, ifgsm({ defense: { kind: 'median', params: { k: 4 } } }))).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'config.defense.params.k' });
    const run = await createRun(db.prisma, ifgsm({ defense: { kind: 'jpeg' } }));
    expect(run.config).toMatchObject({ attack: { epsilon: 0.03 }, defense: { kind: 'jpeg', params: { quality: 75 }, gradient: 'bpda', eotSamples: 8 } });
    const random = await createRun(db.prisma, ifgsm({ defense: { kind: 'resize', params: { factor: [0.4, 0.7] }, gradient: 'eot', eotSamples: 2 } }));
    expect(random.config).toMatchObject({ defense: { kind: 'resize', params: { factor: [0.4, 0.7], method: 'bilinear' }, gradient: 'eot', eotSamples: 2 } });
    await db.prisma.run.deleteMany({ where: { id: { in: [run.id, random.id] } } });
  });
});

describe('a defended run through the stages', () => {
  it('scores the defended model; exact gradients through JPEG leave the scores unchanged, BPDA moves them', async () => {
    const undefended = await runToTheEnd((await createRun(db.prisma, ifgsm({}))).id);
    const exact = await runToTheEnd((await createRun(db.prisma, ifgsm({ defense: { kind: 'jpeg', params: { quality: 50 }, gradient: 'exact' } }))).id);
    const bpda = await runToTheEnd((await createRun(db.prisma, ifgsm({ defense: { kind: 'jpeg', params: { quality: 50 }, gradient: 'bpda' } }))).id);

    // The clean scores are the defended model's: base model on the JPEG round trip of each image.
    const images = await listRunImages(db.prisma, exact.run);
    const base = await ctx.models.get(ctx.store, { id: fx.modelId, catalogId: 'rankfall-demo-cnn', weightsArtifact: (await db.prisma.model.findUniqueOrThrow({ where: { id: fx.modelId }, select: { weightsArtifact: { select: { key: true, sha256: true } } } })).weightsArtifact });
    const expected: number[] = [];
    for (const image of images) {
      const decoded = await loadRunImage(ctx.store, image);
      expected.push(tf.tidy(() => base.score(jpegRoundTrip(tf.tensor4d(decoded.data, [1, decoded.height, decoded.width, 3]), 50)).dataSync()[0] as number));
    }
    expect(exact.clean.length).toBe(expected.length);
    exact.clean.forEach((score, i) => expect(score).toBeCloseTo(expected[i] as number, 4));
    bpda.clean.forEach((score, i) => expect(score).toBeCloseTo(exact.clean[i] as number, 5));
    expect(undefended.clean.some((score, i) => Math.abs(score - (exact.clean[i] as number)) > 1e-3)).toBe(true);

    console.info(`[defense run] mean |Δscore|: undefended ${undefended.mae.toFixed(3)}, JPEG q50 exact ${exact.mae.toFixed(3)}, JPEG q50 BPDA ${bpda.mae.toFixed(3)}`);
    expect(exact.mae).toBeLessThan(0.05);
    expect(bpda.mae).toBeGreaterThan(1);
    expect(bpda.mae).toBeGreaterThan(20 * exact.mae);
  }, 300_000);

  it('an EOT run over a randomised resize is reproducible: the same seed gives the same attacked scores', async () => {
    const config = ifgsm({ steps: 3, defense: { kind: 'resize', params: { factor: [0.4, 0.8] }, gradient: 'eot', eotSamples: 2 } });
    const first = await runToTheEnd((await createRun(db.prisma, { ...config, seed: 7 })).id);
    const second = await runToTheEnd((await createRun(db.prisma, { ...config, seed: 7 })).id);
    const attacked = (r: typeof first) => [...r.run.imageResults].sort((a, b) => a.image.key.localeCompare(b.image.key)).map((x) => x.attackedScore);
    expect(attacked(second)).toEqual(attacked(first));
    expect(second.clean).toEqual(first.clean);
    expect(first.mae).toBeGreaterThan(0);
  }, 300_000);
});
