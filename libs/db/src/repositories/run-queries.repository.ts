import type { Prisma, RunStatus } from '../generated/prisma/client';
import type { Db } from '../prisma-client';
import {
  runDetailSelect,
  runMetricSelect,
  runShardSelect,
  runStageSelect,
  sweepSelect,
  type RunMetricRow,
  type RunRow,
  type RunShardRow,
  type RunStageRow,
  type SweepRow,
} from '../selects/run-detail.select';
import { afterCreatedAt, toPage, type CreatedAtCursor, type Page, type PageQuery } from './page-query';

export interface RunListFilter {
  modelId?: string | null;
  datasetId?: string | null;
  attackId?: string | null;
  status?: readonly RunStatus[] | null;
  createdById?: string | null;
  createdAfter?: Date | null;
  createdBefore?: Date | null;
  sweepId?: string | null;
}

/** Runs visible to a team: its own and not soft-deleted. */
function visibleRuns(teamIds: readonly string[]): Prisma.RunWhereInput {
  return { teamId: { in: [...teamIds] }, deletedAt: null };
}

function runFilterWhere(teamId: string, filter: RunListFilter): Prisma.RunWhereInput {
  return {
    ...visibleRuns([teamId]),
    ...(filter.modelId ? { modelId: filter.modelId } : {}),
    ...(filter.datasetId ? { datasetId: filter.datasetId } : {}),
    ...(filter.attackId ? { attackId: filter.attackId } : {}),
    ...(filter.status?.length ? { status: { in: [...filter.status] } } : {}),
    ...(filter.createdById ? { createdById: filter.createdById } : {}),
    ...(filter.sweepId ? { sweepId: filter.sweepId } : {}),
    ...(filter.createdAfter || filter.createdBefore
      ? { createdAt: { ...(filter.createdAfter ? { gte: filter.createdAfter } : {}), ...(filter.createdBefore ? { lt: filter.createdBefore } : {}) } }
      : {}),
  };
}

/** A team's runs matching the filter, newest first. */
export async function listRunsPage(db: Db, teamId: string, filter: RunListFilter, page: PageQuery<CreatedAtCursor>): Promise<Page<RunRow>> {
  const rows = await db.run.findMany({
    where: { AND: [runFilterWhere(teamId, filter), afterCreatedAt(page.after, 'desc')] },
    select: runDetailSelect,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: page.first + 1,
  });
  return toPage(rows, page.first);
}

export function countRuns(db: Db, teamId: string, filter: RunListFilter): Promise<number> {
  return db.run.count({ where: runFilterWhere(teamId, filter) });
}

export function findRunsByIds(db: Db, teamIds: readonly string[], ids: readonly string[]): Promise<RunRow[]> {
  return db.run.findMany({ where: { id: { in: [...ids] }, ...visibleRuns(teamIds) }, select: runDetailSelect });
}

export function findStagesOfRuns(db: Db, teamIds: readonly string[], runIds: readonly string[]): Promise<RunStageRow[]> {
  return db.runStage.findMany({ where: { runId: { in: [...runIds] }, run: visibleRuns(teamIds) }, select: runStageSelect, orderBy: { kind: 'asc' } });
}

export function findShardsOfRuns(db: Db, teamIds: readonly string[], runIds: readonly string[]): Promise<RunShardRow[]> {
  return db.runShard.findMany({ where: { runId: { in: [...runIds] }, run: visibleRuns(teamIds) }, select: runShardSelect, orderBy: [{ kind: 'asc' }, { shard: 'asc' }] });
}

export function findMetricsOfRuns(db: Db, teamIds: readonly string[], runIds: readonly string[]): Promise<RunMetricRow[]> {
  return db.runMetric.findMany({ where: { runId: { in: [...runIds] }, run: visibleRuns(teamIds) }, select: runMetricSelect, orderBy: [{ reference: 'asc' }, { name: 'asc' }] });
}

export function findSweepsByIds(db: Db, teamIds: readonly string[], ids: readonly string[]): Promise<SweepRow[]> {
  return db.sweep.findMany({ where: { id: { in: [...ids] }, teamId: { in: [...teamIds] } }, select: sweepSelect });
}

/** The visible runs of some sweeps, oldest first (the order of the swept values). */
export function findRunsOfSweeps(db: Db, teamIds: readonly string[], sweepIds: readonly string[]): Promise<RunRow[]> {
  return db.run.findMany({ where: { sweepId: { in: [...sweepIds] }, ...visibleRuns(teamIds) }, select: runDetailSelect, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
}
