import { findRunForExecution, listRunResultsForAggregate, lockRun, notifyRunEvent, setImageRanks, transitionRun, updateStage, withTransaction, writeRunMetrics } from '@rankfall/db';
import { rankAverage, summarizeAttack } from '@rankfall/metrics';
import { RunsError } from '../runs-error';
import { isTerminal, runProgress } from './run-guards';
import type { StageContext, StageOutcome } from './stage-context';

/** Rank 1 = best quality (ties averaged): descending scores unless the model's lower scores are better. */
export function qualityRanks(scores: readonly number[], lowerBetter: boolean): number[] {
  return Array.from(rankAverage(scores.map((s) => (lowerBetter ? s : -s))));
}

/**
 * Stage `aggregate` (ARCHITECTURE.md step 5): every RunMetric with its 95 % bootstrap CI (MOS↔clean,
 * MOS↔attacked, clean↔attacked, SMA's clean↔target), per-image quality ranks, and the run marked
 * SUCCEEDED, in one transaction. Idempotent: metrics are replaced, a finished stage is skipped.
 */
export async function executeAggregate(ctx: StageContext, runId: string): Promise<StageOutcome> {
  const { prisma } = ctx;
  const run = await findRunForExecution(prisma, runId);
  if (!run || isTerminal(run)) return 'skipped';
  if (run.stages.find((s) => s.kind === 'AGGREGATE')?.status === 'SUCCEEDED') return 'skipped';
  await updateStage(prisma, runId, 'AGGREGATE', { status: 'RUNNING' });
  const rows = await listRunResultsForAggregate(prisma, runId);
  const unfinished = rows.filter((row) => !row.perturbedAt || row.attackedScore === null || row.cleanScore === null);
  if (rows.length !== run.imageCount || unfinished.length) throw new RunsError('INVALID_INPUT', `aggregate needs every image attacked: ${rows.length - unfinished.length} of ${run.imageCount} are`);
  const clean = rows.map((row) => row.cleanScore as number);
  const attacked = rows.map((row) => row.attackedScore as number);
  const sma = run.stages.some((s) => s.kind === 'TARGETS');
  const metrics = summarizeAttack({
    mos: rows.map((row) => row.image.mos),
    clean,
    attacked,
    ...(sma ? { targets: rows.map((row) => row.targetScore ?? Number.NaN) } : {}),
    scoreRange: [run.model.scoreMin, run.model.scoreMax],
    perImage: { psnr: rows.map((row) => row.psnr ?? 100), ssim: rows.map((row) => row.ssim ?? 1), linf: rows.map((row) => row.linf ?? 0) },
    seed: run.seed,
  });
  const cleanRanks = qualityRanks(clean, run.model.lowerBetter);
  const attackedRanks = qualityRanks(attacked, run.model.lowerBetter);
  await withTransaction(prisma, async (tx) => {
    await lockRun(tx, runId);
    if (!(await updateStage(tx, runId, 'AGGREGATE', { status: 'SUCCEEDED', progress: 1 }, ['QUEUED', 'RUNNING']))) return;
    await writeRunMetrics(tx, runId, metrics);
    await setImageRanks(tx, runId, rows.map((row, i) => ({ imageId: row.imageId, cleanRank: cleanRanks[i] ?? 0, attackedRank: attackedRanks[i] ?? 0 })));
    await transitionRun(tx, runId, ['RUNNING', 'QUEUED'], 'SUCCEEDED', { progress: runProgress(run, 'AGGREGATE', 1), message: 'done' });
    await notifyRunEvent(tx, run);
  });
  return 'done';
}
