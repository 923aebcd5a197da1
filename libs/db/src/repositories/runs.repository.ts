import { DbError } from '../db-error';
import type { MetricReference, Prisma, RunStatus, Split, StageKind } from '../generated/prisma/client';
import type { Db, PrismaClient } from '../prisma-client';
import { withTransaction } from '../transaction';

export interface CreateRunInput {
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
  backend: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  errorCode: true,
  errorMessage: true,
  model: { select: { id: true, name: true, catalogId: true } },
  dataset: { select: { id: true, name: true, version: true } },
} as const satisfies Prisma.RunSelect;

export type RunSummary = Prisma.RunGetPayload<{ select: typeof runSummarySelect }>;

/** Creates a run and its stages in one transaction; model and dataset must belong to the team. */
export async function createRun(prisma: PrismaClient, input: CreateRunInput): Promise<RunSummary> {
  return withTransaction(prisma, async (tx) => {
    const [model, dataset] = await Promise.all([
      tx.model.findFirst({ where: { id: input.modelId, teamId: input.teamId }, select: { id: true } }),
      tx.dataset.findFirst({ where: { id: input.datasetId, teamId: input.teamId }, select: { id: true } }),
    ]);
    if (!model) throw new DbError('NOT_FOUND', `Model ${input.modelId} does not exist in this team`);
    if (!dataset) throw new DbError('NOT_FOUND', `Dataset ${input.datasetId} does not exist in this team`);
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
        ...(input.environment !== undefined ? { environment: input.environment } : {}),
        stages: { create: input.stages.map((kind) => ({ kind })) },
      },
      select: runSummarySelect,
    });
  });
}

/** Moves a run (and optionally one stage) forward; progress in [0, 1]. */
export async function updateRunProgress(
  db: Db,
  runId: string,
  update: { status?: RunStatus; progress?: number; message?: string; stage?: { kind: StageKind; status?: RunStatus; progress?: number; checkpoint?: Prisma.InputJsonValue; checkpointIteration?: number } },
): Promise<void> {
  const now = new Date();
  await db.run.update({
    where: { id: runId },
    data: {
      ...(update.status ? { status: update.status, ...(update.status === 'RUNNING' ? { startedAt: now } : {}), ...(['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(update.status) ? { finishedAt: now } : {}) } : {}),
      ...(update.progress !== undefined ? { progress: Math.min(1, Math.max(0, update.progress)) } : {}),
      ...(update.message !== undefined ? { progressMessage: update.message } : {}),
    },
    select: { id: true },
  });
  if (update.stage) {
    const { kind, status, progress, checkpoint, checkpointIteration } = update.stage;
    await db.runStage.update({
      where: { runId_kind: { runId, kind } },
      data: {
        ...(status ? { status, ...(status === 'RUNNING' ? { startedAt: now } : {}), ...(['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(status) ? { finishedAt: now } : {}) } : {}),
        ...(progress !== undefined ? { progress } : {}),
        ...(checkpoint !== undefined ? { checkpoint } : {}),
        ...(checkpointIteration !== undefined ? { checkpointIteration } : {}),
      },
      select: { id: true },
    });
  }
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
}

/** Writes one image's result; keyed by (run, image), so a retry overwrites and never duplicates. */
export async function upsertImageResult(db: Db, input: ImageResultInput): Promise<void> {
  const { runId, imageId, trajectory, ...fields } = input;
  const data = { ...fields, ...(trajectory ? { trajectory: [...trajectory] } : {}) };
  await db.imageResult.upsert({ where: { runId_imageId: { runId, imageId } }, create: { runId, imageId, ...data }, update: data, select: { id: true } });
}

export interface RunMetricInput {
  name: string;
  reference: MetricReference;
  value: number;
  ciLow?: number | null;
  ciHigh?: number | null;
}

/** Replaces a run's metrics (idempotent: the aggregate step can run again). */
export async function replaceRunMetrics(prisma: PrismaClient, runId: string, metrics: readonly RunMetricInput[]): Promise<void> {
  await withTransaction(prisma, async (tx) => {
    await tx.runMetric.deleteMany({ where: { runId } });
    await tx.runMetric.createMany({ data: metrics.map((m) => ({ runId, name: m.name, reference: m.reference, value: m.value, ciLow: m.ciLow ?? null, ciHigh: m.ciHigh ?? null })) });
  });
}

export function listRuns(db: Db, teamId: string, take = 50): Promise<RunSummary[]> {
  return db.run.findMany({ where: { teamId }, select: runSummarySelect, orderBy: { createdAt: 'desc' }, take });
}

export function findRunMetrics(db: Db, teamId: string, runId: string) {
  return db.runMetric.findMany({ where: { runId, run: { teamId } }, select: { name: true, reference: true, value: true, ciLow: true, ciHigh: true }, orderBy: [{ reference: 'asc' }, { name: 'asc' }] });
}
