import type { ImportKind, Prisma, RunStatus } from '../generated/prisma/client';
import type { Db } from '../prisma-client';
import { afterCreatedAt, toPage, type CreatedAtCursor, type Page, type PageQuery } from './page-query';
import { statusChangeData } from './status-change';

export const importRequestSelect = {
  id: true,
  teamId: true,
  createdById: true,
  kind: true,
  status: true,
  input: true,
  progress: true,
  message: true,
  datasetId: true,
  modelId: true,
  errorCode: true,
  errorMessage: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
} as const satisfies Prisma.ImportRequestSelect;

export type ImportRequestSummary = Prisma.ImportRequestGetPayload<{ select: typeof importRequestSelect }>;

export function insertImportRequest(tx: Db, input: { teamId: string; createdById: string | null; kind: ImportKind; input: Prisma.InputJsonValue }): Promise<ImportRequestSummary> {
  return tx.importRequest.create({ data: input, select: importRequestSelect });
}

/** One import request of a team. */
export function findImportRequest(db: Db, teamId: string, id: string): Promise<ImportRequestSummary | null> {
  return db.importRequest.findFirst({ where: { id, teamId }, select: importRequestSelect });
}

/** By id only: for the worker, whose job payload names it. */
/** A team's imports and registrations, newest first (optionally of one kind). */
export async function listImportRequestsPage(db: Db, teamId: string, kind: ImportKind | null, page: PageQuery<CreatedAtCursor>): Promise<Page<ImportRequestSummary>> {
  const rows = await db.importRequest.findMany({
    where: { AND: [{ teamId, ...(kind ? { kind } : {}) }, afterCreatedAt(page.after, 'desc')] },
    select: importRequestSelect,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: page.first + 1,
  });
  return toPage(rows, page.first);
}

export function countImportRequests(db: Db, teamId: string, kind: ImportKind | null): Promise<number> {
  return db.importRequest.count({ where: { teamId, ...(kind ? { kind } : {}) } });
}

export function findImportRequestById(db: Db, id: string): Promise<ImportRequestSummary | null> {
  return db.importRequest.findUnique({ where: { id }, select: importRequestSelect });
}

/** Guarded status change (QUEUED → RUNNING → SUCCEEDED | FAILED); returns whether it changed. */
export async function transitionImportRequest(
  db: Db,
  id: string,
  from: readonly RunStatus[],
  to: RunStatus,
  extra: { message?: string; progress?: number; datasetId?: string; modelId?: string; errorCode?: string; errorMessage?: string } = {},
): Promise<boolean> {
  const { count } = await db.importRequest.updateMany({ where: { id, status: { in: [...from] } }, data: statusChangeData(to, extra) });
  return count === 1;
}

export async function setImportProgress(db: Db, id: string, progress: number, message: string): Promise<void> {
  await db.importRequest.updateMany({ where: { id, status: 'RUNNING' }, data: { progress: Math.min(1, Math.max(0, progress)), message } });
}
