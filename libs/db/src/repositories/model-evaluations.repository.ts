import type { Prisma, RunStatus, Split } from '../generated/prisma/client';
import type { Db, DbTx } from '../prisma-client';
import { statusChangeData } from './status-change';

/** Every column of an evaluation a client may read (it holds no secrets). */
export const modelEvaluationSelect = {
  id: true,
  modelId: true,
  datasetId: true,
  split: true,
  status: true,
  imageCount: true,
  reportedSrocc: true,
  reportedPlcc: true,
  reportedSource: true,
  reportedProtocol: true,
  reproducedSrocc: true,
  sroccCiLow: true,
  sroccCiHigh: true,
  reproducedPlcc: true,
  plccCiLow: true,
  plccCiHigh: true,
  reproducedKrocc: true,
  kroccCiLow: true,
  kroccCiHigh: true,
  command: true,
  backend: true,
  durationMs: true,
  errorCode: true,
  errorMessage: true,
  createdById: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
} as const satisfies Prisma.ModelEvaluationSelect;

export type ModelEvaluationRow = Prisma.ModelEvaluationGetPayload<{ select: typeof modelEvaluationSelect }>;

/** An evaluation with what the worker needs: the model (facts, weights) and the dataset (facts, team). */
export const evaluationExecutionSelect = {
  ...modelEvaluationSelect,
  model: { select: { id: true, teamId: true, name: true, catalogId: true, lowerBetter: true, weightsArtifact: { select: { key: true, sha256: true } } } },
  dataset: { select: { id: true, teamId: true, name: true, version: true, format: true, lowerBetter: true } },
} as const satisfies Prisma.ModelEvaluationSelect;

export type EvaluationForExecution = Prisma.ModelEvaluationGetPayload<{ select: typeof evaluationExecutionSelect }>;

/** The evaluation of (model, dataset, split), if any; `split: null` is the whole dataset. */
export function findModelEvaluationFor(db: Db, key: { modelId: string; datasetId: string; split: Split | null }): Promise<ModelEvaluationRow | null> {
  return db.modelEvaluation.findFirst({ where: { modelId: key.modelId, datasetId: key.datasetId, split: key.split }, select: modelEvaluationSelect });
}

/**
 * Serialises requests for one (model, dataset, split) inside a transaction (a null split is not covered by the
 * unique index: PostgreSQL treats NULLs as distinct), so two concurrent requests make one row.
 */
export async function lockModelEvaluationKey(tx: DbTx, key: { modelId: string; datasetId: string; split: Split | null }): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`model-evaluation:${key.modelId}:${key.datasetId}:${key.split ?? 'ALL'}`}))`;
}

export function insertModelEvaluation(
  tx: Db,
  input: { modelId: string; datasetId: string; split: Split | null; imageCount: number; createdById: string | null; command: string; reported: { srocc: number | null; plcc: number | null; source: string; protocol: string } | null },
): Promise<ModelEvaluationRow> {
  return tx.modelEvaluation.create({
    data: {
      modelId: input.modelId,
      datasetId: input.datasetId,
      split: input.split,
      imageCount: input.imageCount,
      createdById: input.createdById,
      command: input.command,
      reportedSrocc: input.reported?.srocc ?? null,
      reportedPlcc: input.reported?.plcc ?? null,
      reportedSource: input.reported?.source ?? null,
      reportedProtocol: input.reported?.protocol ?? null,
    },
    select: modelEvaluationSelect,
  });
}

/** Puts a failed evaluation back in the queue (its numbers are recomputed). */
export async function requeueModelEvaluation(tx: Db, id: string): Promise<ModelEvaluationRow> {
  return tx.modelEvaluation.update({ where: { id }, data: { status: 'QUEUED', errorCode: null, errorMessage: null, startedAt: null, finishedAt: null }, select: modelEvaluationSelect });
}

/** By id only: for the worker, whose job payload names it. */
export function findEvaluationForExecution(db: Db, id: string): Promise<EvaluationForExecution | null> {
  return db.modelEvaluation.findUnique({ where: { id }, select: evaluationExecutionSelect });
}

/** One evaluation whose model belongs to the team. */
export function findModelEvaluation(db: Db, teamId: string, id: string): Promise<ModelEvaluationRow | null> {
  return db.modelEvaluation.findFirst({ where: { id, model: { teamId } }, select: modelEvaluationSelect });
}

/** The evaluations of a team's model, newest first (empty for another team's model). */
export function listModelEvaluations(db: Db, teamId: string, modelId: string): Promise<ModelEvaluationRow[]> {
  return db.modelEvaluation.findMany({ where: { modelId, model: { teamId } }, select: modelEvaluationSelect, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] });
}

/** Guarded status change (QUEUED → RUNNING → SUCCEEDED | FAILED) with the job's results; returns whether it changed. */
export async function transitionModelEvaluation(
  db: Db,
  id: string,
  from: readonly RunStatus[],
  to: RunStatus,
  data: Omit<Prisma.ModelEvaluationUncheckedUpdateManyInput, 'id' | 'status' | 'modelId' | 'datasetId' | 'split'> = {},
): Promise<boolean> {
  const { count } = await db.modelEvaluation.updateMany({ where: { id, status: { in: [...from] } }, data: statusChangeData(to, data) });
  return count === 1;
}

export interface EvaluationImage {
  id: string;
  key: string;
  mos: number;
  width: number;
  height: number;
  artifactKey: string | null;
}

/** The images of a dataset split (null: all) in key order, with their stored bytes' keys. */
export async function listEvaluationImages(db: Db, datasetId: string, split: Split | null): Promise<EvaluationImage[]> {
  const rows = await db.image.findMany({
    where: { datasetId, ...(split ? { split } : {}) },
    select: { id: true, key: true, mos: true, width: true, height: true, artifact: { select: { key: true } } },
    orderBy: { key: 'asc' },
  });
  return rows.map((row) => ({ id: row.id, key: row.key, mos: row.mos, width: row.width, height: row.height, artifactKey: row.artifact?.key ?? null }));
}

/** Counts the images of a dataset split (null: all). */
export function countEvaluationImages(db: Db, datasetId: string, split: Split | null): Promise<number> {
  return db.image.count({ where: { datasetId, ...(split ? { split } : {}) } });
}

/** The team's model and dataset an evaluation names (null where either is not in the team), with the team's slug. */
export async function findEvaluationTargets(db: Db, teamId: string, modelId: string, datasetId: string) {
  const [model, dataset, team] = await Promise.all([
    db.model.findFirst({ where: { id: modelId, teamId }, select: { id: true, name: true, catalogId: true, lowerBetter: true } }),
    db.dataset.findFirst({ where: { id: datasetId, teamId }, select: { id: true, name: true, version: true, format: true, lowerBetter: true } }),
    db.team.findUnique({ where: { id: teamId }, select: { slug: true } }),
  ]);
  return model && dataset && team ? { model, dataset, teamSlug: team.slug } : { model, dataset, teamSlug: team?.slug ?? null };
}
