import { DbError } from '../db-error';
import type { MetricReference, Prisma, RunStatus, Split, StageKind } from '../generated/prisma/client';
import type { Db, DbTx, PrismaClient } from '../prisma-client';
import { withTransaction } from '../transaction';
import { exactFloatText } from './exact-float';

/** Channel of run change notifications (payload `{"runId","teamId"}`); the API LISTENs, workers NOTIFY. */
export const RUN_EVENTS_CHANNEL = 'rankfall_run_events';

export const TERMINAL_RUN_STATUSES: readonly RunStatus[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

export interface InsertRunInput {
  teamId: string;
  createdById?: string | null;
  name?: string | null;
  modelId: string;
  datasetId: string;
  split?: Split | null;
  imageIds?: readonly string[];
  attackId: string;
  /** The attack configuration as validated by its schema (defaults filled in). */
  config: Prisma.InputJsonValue;
  seed: number;
  budgetNorm?: string | null;
  budgetEpsilon?: number | null;
  stages: readonly StageKind[];
  /** Perturb shards; each gets a RunShard row with its image count. */
  shardCount?: number;
  imageCount: number;
  sweepId?: string | null;
  backend?: string | null;
  environment?: Prisma.InputJsonValue;
}

export const runSummarySelect = {
  id: true,
  name: true,
  attackId: true,
  status: true,
  progress: true,
  progressMessage: true,
  seed: true,
  split: true,
  config: true,
  budgetNorm: true,
  budgetEpsilon: true,
  imageCount: true,
  shardCount: true,
  sweepId: true,
  backend: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  cancelRequestedAt: true,
  errorCode: true,
  errorMessage: true,
  createdById: true,
  model: { select: { id: true, name: true, catalogId: true, lowerBetter: true, scoreMin: true, scoreMax: true } },
  dataset: { select: { id: true, name: true, version: true, lowerBetter: true } },
} as const satisfies Prisma.RunSelect;

export type RunSummary = Prisma.RunGetPayload<{ select: typeof runSummarySelect }>;

/** The images a shard owns: every `shardCount`-th image of the run's key-ordered image list. */
export function shardImageCount(imageCount: number, shard: number, shardCount: number): number {
  return Math.max(0, Math.ceil((imageCount - shard) / shardCount));
}

/** Where a run's images come from: its split, or an explicit subset, within its dataset. */
export function runImageWhere(run: { datasetId: string; split: Split | null; imageIds: readonly string[] }): Prisma.ImageWhereInput {
  return { datasetId: run.datasetId, ...(run.split ? { split: run.split } : {}), ...(run.imageIds.length ? { id: { in: [...run.imageIds] } } : {}) };
}

/**
 * Inserts a run with its stages and perturb shards through the given client — pass the transaction in
 * which its first job is enqueued (STYLE.md §13). Model and dataset must belong to the team.
 */
export async function insertRun(tx: Db, input: InsertRunInput): Promise<RunSummary> {
  const [model, dataset] = await Promise.all([
    tx.model.findFirst({ where: { id: input.modelId, teamId: input.teamId }, select: { id: true } }),
    tx.dataset.findFirst({ where: { id: input.datasetId, teamId: input.teamId }, select: { id: true } }),
  ]);
  if (!model) throw new DbError('NOT_FOUND', `Model ${input.modelId} does not exist in this team`);
  if (!dataset) throw new DbError('NOT_FOUND', `Dataset ${input.datasetId} does not exist in this team`);
  const shardCount = input.shardCount ?? 1;
  return tx.run.create({
    data: {
      teamId: input.teamId,
      createdById: input.createdById ?? null,
      name: input.name ?? null,
      modelId: input.modelId,
      datasetId: input.datasetId,
      split: input.split ?? null,
      imageIds: [...(input.imageIds ?? [])],
      attackId: input.attackId,
      config: input.config,
      seed: input.seed,
      budgetNorm: input.budgetNorm ?? null,
      budgetEpsilon: input.budgetEpsilon ?? null,
      backend: input.backend ?? null,
      shardCount,
      imageCount: input.imageCount,
      sweepId: input.sweepId ?? null,
      ...(input.environment !== undefined ? { environment: input.environment } : {}),
      stages: { create: input.stages.map((kind) => ({ kind })) },
      shards: input.stages.includes('PERTURB') ? { create: Array.from({ length: shardCount }, (_, shard) => ({ kind: 'PERTURB' as const, shard, total: shardImageCount(input.imageCount, shard, shardCount) })) } : undefined,
    },
    select: runSummarySelect,
  });
}

/** Tells every listener (API instances) that a run changed. Sent on commit when `db` is a transaction. */
export async function notifyRunEvent(db: Db, run: { id: string; teamId: string }): Promise<void> {
  await db.$executeRaw`SELECT pg_notify(${RUN_EVENTS_CHANNEL}, ${JSON.stringify({ runId: run.id, teamId: run.teamId })})`;
}

/** Locks a run's row until the transaction ends (serialises shard completion and retries). */
export async function lockRun(tx: DbTx, runId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "Run" WHERE id = ${runId} FOR UPDATE`;
}

/**
 * Moves a run to `to` only from one of `from` (guarded: a retried job can never turn a CANCELLED run
 * back into RUNNING). Returns whether the row changed.
 */
export async function transitionRun(
  db: Db,
  runId: string,
  from: readonly RunStatus[],
  to: RunStatus,
  extra: { message?: string; errorCode?: string | null; errorMessage?: string | null; progress?: number; backend?: string; environment?: Prisma.InputJsonValue } = {},
): Promise<boolean> {
  const now = new Date();
  const { count } = await db.run.updateMany({
    where: { id: runId, status: { in: [...from] } },
    data: {
      status: to,
      ...(to === 'RUNNING' ? { startedAt: now } : {}),
      ...(TERMINAL_RUN_STATUSES.includes(to) ? { finishedAt: now } : {}),
      ...(to === 'QUEUED' ? { finishedAt: null, errorCode: null, errorMessage: null, cancelRequestedAt: null } : {}),
      ...(extra.message !== undefined ? { progressMessage: extra.message } : {}),
      ...(extra.errorCode !== undefined ? { errorCode: extra.errorCode } : {}),
      ...(extra.errorMessage !== undefined ? { errorMessage: extra.errorMessage?.slice(0, 2000) ?? null } : {}),
      ...(extra.progress !== undefined ? { progress: Math.min(1, Math.max(0, extra.progress)) } : {}),
      ...(extra.backend !== undefined ? { backend: extra.backend } : {}),
      ...(extra.environment !== undefined ? { environment: extra.environment } : {}),
    },
  });
  return count === 1;
}

/** Progress of a running run (never of a finished one). */
export async function setRunProgress(db: Db, runId: string, progress: number, message?: string): Promise<void> {
  await db.run.updateMany({
    where: { id: runId, status: { in: ['QUEUED', 'RUNNING'] } },
    data: { progress: Math.min(1, Math.max(0, progress)), ...(message !== undefined ? { progressMessage: message } : {}) },
  });
}

export interface StageUpdate {
  status?: RunStatus;
  progress?: number;
  checkpoint?: Prisma.InputJsonValue | null;
  checkpointIteration?: number | null;
  summary?: Prisma.InputJsonValue;
}

/** Updates one stage of a run; with `from`, only when the stage is in one of those statuses. Returns whether it changed. */
export async function updateStage(db: Db, runId: string, kind: StageKind, update: StageUpdate, from?: readonly RunStatus[]): Promise<boolean> {
  const now = new Date();
  const { status, progress, checkpoint, checkpointIteration, summary } = update;
  const { count } = await db.runStage.updateMany({
    where: { runId, kind, ...(from ? { status: { in: [...from] } } : {}) },
    data: {
      ...(status ? { status, ...(status === 'RUNNING' ? { startedAt: now } : {}), ...(TERMINAL_RUN_STATUSES.includes(status) ? { finishedAt: now } : {}), ...(status === 'QUEUED' ? { finishedAt: null } : {}) } : {}),
      ...(progress !== undefined ? { progress } : {}),
      ...(checkpoint !== undefined ? { checkpoint: checkpoint === null ? (null as never) : checkpoint } : {}),
      ...(checkpointIteration !== undefined ? { checkpointIteration } : {}),
      ...(summary !== undefined ? { summary } : {}),
    },
  });
  return count > 0;
}

export const runExecutionSelect = {
  id: true,
  teamId: true,
  attackId: true,
  config: true,
  seed: true,
  status: true,
  split: true,
  imageIds: true,
  datasetId: true,
  imageCount: true,
  shardCount: true,
  cancelRequestedAt: true,
  deletedAt: true,
  model: { select: { id: true, catalogId: true, lowerBetter: true, scoreMin: true, scoreMax: true, weightsSha256: true, weightsArtifact: { select: { key: true, sha256: true } } } },
  dataset: { select: { id: true, lowerBetter: true, mosMin: true, mosMax: true } },
  stages: { select: { kind: true, status: true, checkpoint: true, checkpointIteration: true, summary: true } },
  shards: { select: { kind: true, shard: true, status: true, done: true, total: true }, orderBy: { shard: 'asc' } },
} as const satisfies Prisma.RunSelect;

export type RunForExecution = Prisma.RunGetPayload<{ select: typeof runExecutionSelect }>;

/** Everything a worker stage needs about a run (by id: the job payload names it). */
export function findRunForExecution(db: Db, runId: string): Promise<RunForExecution | null> {
  return db.run.findUnique({ where: { id: runId }, select: runExecutionSelect });
}

/** Whether a cancel was requested (checked between images and iterations). */
export async function isCancelRequested(db: Db, runId: string): Promise<boolean> {
  const row = await db.run.findUnique({ where: { id: runId }, select: { cancelRequestedAt: true, status: true, deletedAt: true } });
  return !row || row.cancelRequestedAt !== null || row.deletedAt !== null || row.status === 'CANCELLED';
}

export interface RunImage {
  id: string;
  key: string;
  mos: number;
  width: number;
  height: number;
  artifactKey: string | null;
  result: { cleanScore: number | null; targetScore: number | null; attackedScore: number | null; perturbedAt: Date | null } | null;
}

/** The run's images in key order with this run's result so far (the order shards and stage 1 use). */
export async function listRunImages(db: Db, run: { id: string; datasetId: string; split: Split | null; imageIds: readonly string[] }): Promise<RunImage[]> {
  const rows = await db.image.findMany({
    where: runImageWhere(run),
    select: {
      id: true,
      key: true,
      mos: true,
      width: true,
      height: true,
      artifact: { select: { key: true } },
      results: { where: { runId: run.id }, select: { cleanScore: true, targetScore: true, attackedScore: true, perturbedAt: true } },
    },
    orderBy: { key: 'asc' },
  });
  return rows.map((row) => ({ id: row.id, key: row.key, mos: row.mos, width: row.width, height: row.height, artifactKey: row.artifact?.key ?? null, result: row.results[0] ?? null }));
}

/** How many images each split of a dataset holds (null: images without a split; empty splits are absent), for messages that name them. */
export async function countImagesBySplit(db: Db, teamId: string, datasetId: string): Promise<Array<{ split: Split | null; count: number }>> {
  const rows = await db.image.groupBy({ by: ['split'], where: { datasetId, dataset: { teamId } }, _count: { _all: true }, orderBy: { split: 'asc' } });
  return rows.map((row) => ({ split: row.split, count: row._count._all }));
}

/** Counts the images a run would attack (at creation). */
export function countRunImages(db: Db, where: { datasetId: string; split: Split | null; imageIds: readonly string[] }): Promise<number> {
  return db.image.count({ where: runImageWhere(where) });
}

export interface ImageResultInput {
  runId: string;
  imageId: string;
  cleanScore?: number | null;
  targetScore?: number | null;
  attackedScoreFloat?: number | null;
  attackedScore?: number | null;
  linf?: number | null;
  l2?: number | null;
  psnr?: number | null;
  ssim?: number | null;
  trajectory?: readonly number[];
  durationMs?: number | null;
  adversarialArtifactId?: string | null;
  differenceArtifactId?: string | null;
  perturbedAt?: Date | null;
}

/** Writes one image's result; keyed by (run, image), so a retry overwrites and never duplicates. */
export async function upsertImageResult(db: Db, input: ImageResultInput): Promise<void> {
  const { runId, imageId, trajectory, ...fields } = input;
  const data = { ...fields, ...(trajectory ? { trajectory: [...trajectory] } : {}) };
  await db.imageResult.upsert({ where: { runId_imageId: { runId, imageId } }, create: { runId, imageId, ...data }, update: data, select: { id: true } });
}

/** Stage 1's targets, one per image result (in one transaction with the stage's completion), bit-exact (exact-float.ts). */
export async function setTargetScores(tx: Db, runId: string, targets: ReadonlyArray<{ imageId: string; targetScore: number }>): Promise<void> {
  await tx.$executeRaw`
    UPDATE "ImageResult" AS r SET "targetScore" = t.value::float8, "updatedAt" = now()
    FROM unnest(${targets.map((t) => t.imageId)}::text[], ${targets.map((t) => exactFloatText(t.targetScore))}::text[]) AS t(image_id, value)
    WHERE r."runId" = ${runId} AND r."imageId" = t.image_id`;
}

/** Ranks within the run (1 = best quality), written by aggregate. */
export async function setImageRanks(tx: Db, runId: string, ranks: ReadonlyArray<{ imageId: string; cleanRank: number; attackedRank: number }>): Promise<void> {
  await tx.$executeRaw`
    UPDATE "ImageResult" AS r SET "cleanRank" = t.clean::float8, "attackedRank" = t.attacked::float8
    FROM unnest(${ranks.map((t) => t.imageId)}::text[], ${ranks.map((t) => exactFloatText(t.cleanRank))}::text[], ${ranks.map((t) => exactFloatText(t.attackedRank))}::text[]) AS t(image_id, clean, attacked)
    WHERE r."runId" = ${runId} AND r."imageId" = t.image_id`;
}

/** A shard's progress (images done); marks it RUNNING with the worker that holds it. */
export async function setShardProgress(db: Db, runId: string, kind: StageKind, shard: number, update: { done: number; workerId?: string; started?: boolean }): Promise<void> {
  await db.runShard.updateMany({
    where: { runId, kind, shard, status: { in: ['QUEUED', 'RUNNING', 'FAILED', 'CANCELLED'] } },
    data: { done: update.done, ...(update.workerId ? { workerId: update.workerId } : {}), ...(update.started ? { status: 'RUNNING', startedAt: new Date(), finishedAt: null } : {}) },
  });
}

/**
 * Marks a shard finished inside `tx` (after `lockRun`): returns whether this call finished it and how many
 * shards of the stage are still unfinished, so that exactly one shard — the one that finished last —
 * enqueues the next stage.
 */
export async function completeShard(tx: DbTx, runId: string, kind: StageKind, shard: number): Promise<{ changed: boolean; remaining: number }> {
  const { count } = await tx.runShard.updateMany({ where: { runId, kind, shard, status: { not: 'SUCCEEDED' } }, data: { status: 'SUCCEEDED', finishedAt: new Date() } });
  const remaining = await tx.runShard.count({ where: { runId, kind, status: { not: 'SUCCEEDED' } } });
  return { changed: count === 1, remaining };
}

/** Sum of images done over a stage's shards (parallel shards each write only their own row). */
export async function shardsDone(db: Db, runId: string, kind: StageKind): Promise<number> {
  const agg = await db.runShard.aggregate({ where: { runId, kind }, _sum: { done: true } });
  return agg._sum.done ?? 0;
}

/** Resets unfinished shards (retry) and returns their numbers. */
export async function resetUnfinishedShards(tx: Db, runId: string, kind: StageKind): Promise<number[]> {
  const rows = await tx.runShard.findMany({ where: { runId, kind, status: { not: 'SUCCEEDED' } }, select: { shard: true } });
  await tx.runShard.updateMany({ where: { runId, kind, status: { not: 'SUCCEEDED' } }, data: { status: 'QUEUED', finishedAt: null } });
  return rows.map((row) => row.shard);
}

/** Everything aggregate reads: one row per image with its MOS and this run's numbers. */
export function listRunResultsForAggregate(db: Db, runId: string) {
  return db.imageResult.findMany({
    where: { runId },
    select: { imageId: true, cleanScore: true, targetScore: true, attackedScore: true, attackedScoreFloat: true, psnr: true, ssim: true, linf: true, perturbedAt: true, image: { select: { key: true, mos: true } } },
    orderBy: { image: { key: 'asc' } },
  });
}

export interface RunMetricInput {
  name: string;
  reference: MetricReference;
  value: number;
  ciLow?: number | null;
  ciHigh?: number | null;
}

/** Replaces a run's metrics through `db` (idempotent: the aggregate step can run again). */
export async function writeRunMetrics(db: Db, runId: string, metrics: readonly RunMetricInput[]): Promise<void> {
  await db.runMetric.deleteMany({ where: { runId } });
  await db.runMetric.createMany({ data: metrics.map((m) => ({ runId, name: m.name, reference: m.reference, value: m.value, ciLow: m.ciLow ?? null, ciHigh: m.ciHigh ?? null })) });
}

/** Replaces a run's metrics in its own transaction. */
export async function replaceRunMetrics(prisma: PrismaClient, runId: string, metrics: readonly RunMetricInput[]): Promise<void> {
  await withTransaction(prisma, (tx) => writeRunMetrics(tx, runId, metrics));
}

/** One run of a team (not deleted). */
export function findRun(db: Db, teamId: string, runId: string): Promise<RunSummary | null> {
  return db.run.findFirst({ where: { id: runId, teamId, deletedAt: null }, select: runSummarySelect });
}

export interface ListRunsFilter {
  attackId?: string;
  status?: RunStatus;
  modelId?: string;
  datasetId?: string;
  split?: Split | null;
  name?: string;
}

export function listRuns(db: Db, teamId: string, options: { take?: number; filter?: ListRunsFilter } = {}): Promise<RunSummary[]> {
  const f = options.filter ?? {};
  return db.run.findMany({
    where: {
      teamId,
      deletedAt: null,
      ...(f.attackId ? { attackId: f.attackId } : {}),
      ...(f.status ? { status: f.status } : {}),
      ...(f.modelId ? { modelId: f.modelId } : {}),
      ...(f.datasetId ? { datasetId: f.datasetId } : {}),
      ...(f.split !== undefined ? { split: f.split } : {}),
      ...(f.name !== undefined ? { name: f.name } : {}),
    },
    select: runSummarySelect,
    orderBy: { createdAt: 'desc' },
    take: options.take ?? 50,
  });
}

export function findRunMetrics(db: Db, teamId: string, runId: string) {
  return db.runMetric.findMany({ where: { runId, run: { teamId } }, select: { name: true, reference: true, value: true, ciLow: true, ciHigh: true }, orderBy: [{ reference: 'asc' }, { name: 'asc' }] });
}

export function findRunStages(db: Db, teamId: string, runId: string) {
  return db.runStage.findMany({ where: { runId, run: { teamId } }, select: { kind: true, status: true, progress: true, summary: true, checkpointIteration: true, startedAt: true, finishedAt: true }, orderBy: { kind: 'asc' } });
}

/** Requests cancellation (the worker stops between images/iterations); returns whether it was recorded. */
export async function requestRunCancel(db: Db, teamId: string, runId: string): Promise<boolean> {
  const { count } = await db.run.updateMany({ where: { id: runId, teamId, deletedAt: null, status: { in: ['QUEUED', 'RUNNING'] }, cancelRequestedAt: null }, data: { cancelRequestedAt: new Date() } });
  return count === 1;
}

/** Soft-deletes a run (hidden everywhere; its rows stay). */
export async function softDeleteRun(db: Db, teamId: string, runId: string): Promise<boolean> {
  const { count } = await db.run.updateMany({ where: { id: runId, teamId, deletedAt: null }, data: { deletedAt: new Date(), cancelRequestedAt: new Date() } });
  return count === 1;
}

/** Creates a sweep row (its runs are inserted by the caller in the same transaction). */
export async function insertSweep(tx: Db, input: { teamId: string; createdById: string | null; name: string | null; attackId: string; parameter: string; values: readonly number[] }): Promise<{ id: string }> {
  return tx.sweep.create({ data: { ...input, values: [...input.values] }, select: { id: true } });
}

/** A sweep of a team with its runs (in value order) and their metrics: the data of robustness-vs-budget curves. */
export async function findSweepWithRuns(db: Db, teamId: string, sweepId: string) {
  const sweep = await db.sweep.findFirst({ where: { id: sweepId, teamId }, select: { id: true, name: true, attackId: true, parameter: true, values: true, createdAt: true } });
  if (!sweep) return null;
  const runs = await db.run.findMany({
    where: { sweepId, teamId, deletedAt: null },
    select: { ...runSummarySelect, metrics: { select: { name: true, reference: true, value: true, ciLow: true, ciHigh: true } }, imageResults: { select: { cleanScore: true, attackedScore: true } } },
    orderBy: { createdAt: 'asc' },
  });
  return { ...sweep, runs };
}
