import { averageRankSpearman, softRank, createStage1State, deserializeStage1State, runStage1, serializeStage1State, smaStage1ConfigSchema, type Stage1State } from '@rankfall/attack-runner';
import { enqueueJob, findRunForExecution, listRunImages, lockRun, notifyRunEvent, setRunProgress, setTargetScores, updateStage, withTransaction } from '@rankfall/db';
import { RunsError } from '../runs-error';
import { cancelIfRequested, isTerminal, markRunning, runProgress, throwIfStopping } from './run-guards';
import type { StageContext, StageOutcome } from './stage-context';

/** SMA stage 1's check, stored on the stage and printed: a failed stage 1 must never look like a weak attack. */
export interface Stage1Check {
  readonly images: number;
  readonly iterations: number;
  /** Hard SROCC between clean scores and targets: what stage 2 can at best achieve (negative = ranking reversed). */
  readonly sroccCleanTarget: number;
  readonly softSpearman: number;
  readonly loss: number;
  readonly atLowerBound: number;
  readonly atUpperBound: number;
  readonly scoreRange: readonly [number, number];
  /** Which stage-1 preset ran (`paper` or `set-scaled`) and the soft-rank ε it used. */
  readonly preset: string;
  readonly softRankEps: number;
  /** PAV blocks of the clean scores' soft rank at this ε: 1 lets gradients reach every image; more usually means stage 1 stalls. */
  readonly initialBlocks: number;
}

function stage1Check(state: Stage1State, result: { softSpearman: number; loss: number }, preset: string): Stage1Check {
  const [lo, hi] = state.config.scoreRange;
  const targets = Array.from(state.targets);
  return {
    images: targets.length,
    iterations: state.iteration,
    sroccCleanTarget: averageRankSpearman(state.clean, state.targets),
    softSpearman: result.softSpearman,
    loss: result.loss,
    atLowerBound: targets.filter((t) => t <= lo).length,
    atUpperBound: targets.filter((t) => t >= hi).length,
    scoreRange: [lo, hi],
    preset,
    softRankEps: state.config.softRankEps,
    initialBlocks: softRank(state.clean, state.config.softRankEps).blockStarts.length,
  };
}

/** Restores a checkpoint only when it belongs to this run's clean scores and config; else starts afresh. */
function restore(checkpoint: unknown, clean: readonly number[], config: unknown): Stage1State | null {
  if (!checkpoint) return null;
  const state = deserializeStage1State(checkpoint);
  const sameScores = state.clean.length === clean.length && state.clean.every((value, i) => value === clean[i]);
  const sameConfig = JSON.stringify(state.config) === JSON.stringify(smaStage1ConfigSchema.parse(config));
  return sameScores && sameConfig ? state : null;
}

/**
 * SMA stage 1 (ARCHITECTURE.md step 3) for the run's whole set, in float64, checkpointed to the database
 * every `checkpointEvery` iterations so a killed worker resumes where the last checkpoint left off (and ends
 * bit-identical to an uninterrupted run: the optimiser state, RNG included, is the checkpoint). On completion,
 * in one transaction: the targets, the stage-1 check, and the perturb shards' jobs.
 */
export async function executeOptimizeTargets(ctx: StageContext, runId: string): Promise<StageOutcome> {
  const { prisma } = ctx;
  const run = await findRunForExecution(prisma, runId);
  if (!run || isTerminal(run)) return 'skipped';
  const stage = run.stages.find((s) => s.kind === 'TARGETS');
  if (!stage || stage.status === 'SUCCEEDED') return 'skipped';
  if (await cancelIfRequested(prisma, run, 'before stage 1')) return 'cancelled';
  await markRunning(ctx, run, 'optimising targets (SMA stage 1)');
  await updateStage(prisma, runId, 'TARGETS', { status: 'RUNNING' });

  const images = await listRunImages(prisma, run);
  const clean = images.map((image) => image.result?.cleanScore ?? Number.NaN);
  const missing = clean.findIndex((value) => !Number.isFinite(value));
  if (missing >= 0) throw new RunsError('INVALID_INPUT', `image ${images[missing]?.key} has no clean score: stage 1 needs every clean score`);
  const stage1Config = (run.config as { stage1?: unknown }).stage1;
  const state = restore(stage.checkpoint, clean, stage1Config) ?? createStage1State(clean, stage1Config as never);
  const total = state.config.iterations;
  const every = Math.max(1, ctx.checkpointEvery ?? 5_000);
  if (state.iteration > 0) ctx.log?.(`run ${runId}: stage 1 resumes at iteration ${state.iteration} of ${total}`);

  let result = await runStage1(state, { until: state.iteration, ...(ctx.signal ? { signal: ctx.signal } : {}) });
  while (state.iteration < total) {
    throwIfStopping(ctx);
    if (await cancelIfRequested(prisma, run, `stage 1 stopped at iteration ${state.iteration}`)) return 'cancelled';
    result = await runStage1(state, { until: Math.min(total, state.iteration + every), progressEvery: every, ...(ctx.signal ? { signal: ctx.signal } : {}) });
    if (result.status === 'aborted') throwIfStopping(ctx);
    await updateStage(prisma, runId, 'TARGETS', { checkpoint: JSON.parse(JSON.stringify(serializeStage1State(state))), checkpointIteration: state.iteration, progress: state.iteration / total });
    await setRunProgress(prisma, runId, runProgress(run, 'TARGETS', state.iteration / total), `stage 1: ${state.iteration}/${total} iterations`);
    await notifyRunEvent(prisma, run);
  }

  const check = stage1Check(state, result, (run.config as { preset?: string }).preset ?? 'paper');
  ctx.log?.(`run ${runId}: stage 1 done: SROCC(clean, target) ${check.sroccCleanTarget.toFixed(4)}, ${check.atLowerBound} at the lower bound, ${check.atUpperBound} at the upper`);
  await withTransaction(prisma, async (tx) => {
    await lockRun(tx, runId);
    if (!(await updateStage(tx, runId, 'TARGETS', { status: 'SUCCEEDED', progress: 1, summary: JSON.parse(JSON.stringify(check)) }, ['QUEUED', 'RUNNING']))) return;
    await setTargetScores(tx, runId, images.map((image, i) => ({ imageId: image.id, targetScore: state.targets[i] ?? Number.NaN })));
    await updateStage(tx, runId, 'PERTURB', { status: 'RUNNING' });
    for (let shard = 0; shard < run.shardCount; shard += 1) await enqueueJob(tx, 'perturb', { runId, shard, shardCount: run.shardCount });
    await notifyRunEvent(tx, run);
  });
  return 'done';
}
