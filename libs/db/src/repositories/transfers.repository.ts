import type { Prisma, RunStatus } from '../generated/prisma/client';
import type { Db } from '../prisma-client';
import { statusChangeData } from './status-change';

/** Every column of a transfer result a client may read. */
export const transferResultSelect = {
  id: true,
  runId: true,
  targetModelId: true,
  status: true,
  cleanSrocc: true,
  attackedSrocc: true,
  cleanToAttackedSrocc: true,
  meanAbsDelta: true,
  n: true,
  backend: true,
  durationMs: true,
  errorCode: true,
  errorMessage: true,
  createdById: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  /** Directions, to orient the SROCC drop (a DMOS-like model or dataset makes the raw correlations negative). */
  targetModel: { select: { name: true, lowerBetter: true } },
  run: { select: { dataset: { select: { lowerBetter: true } } } },
} as const satisfies Prisma.TransferResultSelect;

export type TransferResultRow = Prisma.TransferResultGetPayload<{ select: typeof transferResultSelect }>;

/** A transfer with what the worker needs: the run (team, status) and the target model (facts, weights). */
export const transferExecutionSelect = {
  ...transferResultSelect,
  run: { select: { id: true, teamId: true, status: true, deletedAt: true, modelId: true, seed: true } },
  targetModel: { select: { id: true, teamId: true, name: true, catalogId: true, lowerBetter: true, scoreMin: true, scoreMax: true, weightsArtifact: { select: { key: true, sha256: true } } } },
} as const satisfies Prisma.TransferResultSelect;

export type TransferForExecution = Prisma.TransferResultGetPayload<{ select: typeof transferExecutionSelect }>;

export function findTransferFor(db: Db, runId: string, targetModelId: string): Promise<TransferResultRow | null> {
  return db.transferResult.findUnique({ where: { runId_targetModelId: { runId, targetModelId } }, select: transferResultSelect });
}

export function insertTransfer(tx: Db, input: { runId: string; targetModelId: string; createdById: string | null }): Promise<TransferResultRow> {
  return tx.transferResult.create({ data: input, select: transferResultSelect });
}

/** Puts a failed transfer back in the queue. */
export function requeueTransfer(tx: Db, id: string): Promise<TransferResultRow> {
  return tx.transferResult.update({ where: { id }, data: { status: 'QUEUED', errorCode: null, errorMessage: null, startedAt: null, finishedAt: null }, select: transferResultSelect });
}

/** By id only: for the worker, whose job payload names it. */
export function findTransferForExecution(db: Db, id: string): Promise<TransferForExecution | null> {
  return db.transferResult.findUnique({ where: { id }, select: transferExecutionSelect });
}

/** The transfers of the team's (visible) runs among `runIds`, in run then target-model order. */
export function listTransfersOfRuns(db: Db, teamId: string, runIds: readonly string[]): Promise<TransferResultRow[]> {
  return db.transferResult.findMany({
    where: { runId: { in: [...runIds] }, run: { teamId, deletedAt: null } },
    select: transferResultSelect,
    orderBy: [{ runId: 'asc' }, { targetModelId: 'asc' }],
  });
}

/** Guarded status change (QUEUED → RUNNING → SUCCEEDED | FAILED) with the job's results; returns whether it changed. */
export async function transitionTransfer(
  db: Db,
  id: string,
  from: readonly RunStatus[],
  to: RunStatus,
  data: Omit<Prisma.TransferResultUncheckedUpdateManyInput, 'id' | 'status' | 'runId' | 'targetModelId'> = {},
): Promise<boolean> {
  const { count } = await db.transferResult.updateMany({ where: { id, status: { in: [...from] } }, data: statusChangeData(to, data) });
  return count === 1;
}

export interface TransferImage {
  imageId: string;
  key: string;
  mos: number;
  /** The clean image's bytes and the adversarial 8-bit PNG the run stored. */
  cleanArtifactKey: string | null;
  adversarialArtifactKey: string | null;
}

/** The perturbed images of a run (key order) with the keys of their clean and adversarial bytes. */
export async function listTransferImages(db: Db, runId: string): Promise<TransferImage[]> {
  const rows = await db.imageResult.findMany({
    where: { runId, perturbedAt: { not: null } },
    select: { imageId: true, image: { select: { key: true, mos: true, artifact: { select: { key: true } } } }, adversarialArtifact: { select: { key: true } } },
    orderBy: { image: { key: 'asc' } },
  });
  return rows.map((row) => ({ imageId: row.imageId, key: row.image.key, mos: row.image.mos, cleanArtifactKey: row.image.artifact?.key ?? null, adversarialArtifactKey: row.adversarialArtifact?.key ?? null }));
}

/** The team's runs among `ids` (not deleted) with their source model, in the order given. */
export async function listRunsForTransferMatrix(db: Db, teamId: string, ids: readonly string[]) {
  const rows = await db.run.findMany({ where: { id: { in: [...ids] }, teamId, deletedAt: null }, select: { id: true, name: true, status: true, attackId: true, modelId: true, model: { select: { id: true, name: true } } } });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** A run of the team (not deleted) with its status, source model and team slug, for a transfer request. */
export function findRunForTransfer(db: Db, teamId: string, runId: string) {
  return db.run.findFirst({ where: { id: runId, teamId, deletedAt: null }, select: { id: true, status: true, modelId: true, team: { select: { slug: true } } } });
}

/** The team's models among `ids` (all of the team's models when `ids` is null), by name. */
export function listTeamModelsForTransfer(db: Db, teamId: string, ids: readonly string[] | null) {
  return db.model.findMany({ where: { teamId, ...(ids ? { id: { in: [...ids] } } : {}) }, select: { id: true, name: true }, orderBy: { name: 'asc' } });
}

/** The team's (visible) runs that have at least one transfer, newest first. */
export async function listRunIdsWithTransfers(db: Db, teamId: string, take = 50): Promise<string[]> {
  const rows = await db.run.findMany({ where: { teamId, deletedAt: null, transfers: { some: {} } }, select: { id: true }, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], take });
  return rows.map((row) => row.id);
}

/** The team's models with these names (those that exist). */
export function findTeamModelsByName(db: Db, teamId: string, names: readonly string[]) {
  return db.model.findMany({ where: { teamId, name: { in: [...names] } }, select: { id: true, name: true } });
}
