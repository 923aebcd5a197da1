import { upsertImageResult, writeRunMetrics } from '@rankfall/db';
import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTeam, type SeededTeam } from '../../testing/seed-world';
import { asUser, createTestApi, type TestApi } from '../../testing/test-api';

let db: TestDatabase;
let api: TestApi;
let a: SeededTeam;
let b: SeededTeam;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_api_sweep_curve' });
  api = await createTestApi(db.prisma);
  a = await seedTeam(db.prisma, api.store, 'curve-a', { images: 4 });
  b = await seedTeam(db.prisma, api.store, 'curve-b', { images: 2 });
});
afterAll(async () => {
  await api?.stop();
  await db?.drop();
});

type Curve = { sweep: { parameter: string; curve: Array<{ value: number; status: string; run: { id: string }; sroccCleanAttacked: number | null; sroccMosAttacked: number | null; meanAbsScoreChange: number | null; psnrMean: number | null; rRobustness: number | null }> } | null };
const CURVE = 'query ($id: ID!) { sweep(id: $id) { parameter curve { value status run { id } sroccCleanAttacked sroccMosAttacked meanAbsScoreChange psnrMean rRobustness } } }';

describe('Sweep.curve', () => {
  it('gives one point per run in the order of the swept values, from the run engine’s sweepPoints', async () => {
    const created = await api.execute<{ createSweep: { sweep: { id: string }; runs: Array<{ id: string; config: { attack: { epsilon: number } } }> } }>(
      asUser(a.member),
      'mutation ($input: CreateSweepInput!) { createSweep(input: $input) { sweep { id } runs { id config } } }',
      { input: { teamId: a.team.id, modelId: a.modelId, datasetId: a.datasetId, attackId: 'fgsm', parameter: 'epsilon', values: [0.008, 0.002] } },
    );
    expect(created.errors).toBeUndefined();
    const sweepId = created.data!.createSweep.sweep.id;
    const byEpsilon = new Map(created.data!.createSweep.runs.map((run) => [run.config.attack.epsilon, run.id]));
    const small = byEpsilon.get(0.002)!;
    const large = byEpsilon.get(0.008)!;

    // Before anything ran: both points, numbers null.
    const empty = await api.execute<Curve>(asUser(a.viewer), CURVE, { id: sweepId });
    expect(empty.errors).toBeUndefined();
    expect(empty.data?.sweep?.curve.map((p) => [p.value, p.run.id, p.status, p.sroccCleanAttacked, p.meanAbsScoreChange])).toEqual([
      [0.002, small, 'QUEUED', null, null],
      [0.008, large, 'QUEUED', null, null],
    ]);

    // The small budget's run: two images scored (|Δ| 2 and 4), metrics written.
    await upsertImageResult(db.prisma, { runId: small, imageId: a.imageIds[0]!, cleanScore: 50, attackedScore: 48, trajectory: [], perturbedAt: new Date() });
    await upsertImageResult(db.prisma, { runId: small, imageId: a.imageIds[1]!, cleanScore: 60, attackedScore: 64, trajectory: [], perturbedAt: new Date() });
    await writeRunMetrics(db.prisma, small, [
      { name: 'srocc', reference: 'CLEAN_ATTACKED', value: 0.75, ciLow: 0.6, ciHigh: 0.9 },
      { name: 'srocc', reference: 'MOS_ATTACKED', value: 0.5, ciLow: 0.3, ciHigh: 0.7 },
      { name: 'psnr_mean', reference: 'NONE', value: 41.5, ciLow: null, ciHigh: null },
    ]);
    const filled = await api.execute<Curve>(asUser(a.viewer), CURVE, { id: sweepId });
    expect(filled.data?.sweep?.curve[0]).toEqual({ value: 0.002, status: 'QUEUED', run: { id: small }, sroccCleanAttacked: 0.75, sroccMosAttacked: 0.5, meanAbsScoreChange: 3, psnrMean: 41.5, rRobustness: null });
    expect(filled.data?.sweep?.curve[1]?.meanAbsScoreChange).toBeNull();

    // Another team's viewer cannot read the sweep.
    expect((await api.execute(asUser(b.viewer), CURVE, { id: sweepId })).code).toBe('NOT_FOUND');
  });
});
