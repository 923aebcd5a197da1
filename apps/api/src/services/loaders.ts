import {
  findDatasetsByIds,
  findImageResultsByIds,
  findImagesByIds,
  findMetricsOfRuns,
  findModelsByIds,
  findRatingsOfImageResults,
  findRunsByIds,
  findRunsOfSweeps,
  findShardsOfRuns,
  findStagesOfRuns,
  findSweepsByIds,
  findUsersByIds,
  type DatasetRow,
  type ImageResultRow,
  type ImageRow,
  type ModelRow,
  type PrismaClient,
  type PublicUser,
  type RunMetricRow,
  type RunRow,
  type RunShardRow,
  type RunStageRow,
  type SweepRow,
  type VisibilityRatingRow,
} from '@rankfall/db';
import DataLoader from 'dataloader';
import type { AccessService } from './access.service';

function byId<T extends { id: string }>(ids: readonly string[], rows: readonly T[]): Array<T | null> {
  const map = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => map.get(id) ?? null);
}

function grouped<T>(ids: readonly string[], rows: readonly T[], key: (row: T) => string): T[][] {
  const map = new Map<string, T[]>(ids.map((id) => [id, []]));
  for (const row of rows) map.get(key(row))?.push(row);
  return ids.map((id) => map.get(id) ?? []);
}

/**
 * Batching loaders, built fresh per request (per subscription event too): each batch is one query,
 * and every query is scoped to the teams the viewer may reach, so a foreign id loads as null.
 */
export function createLoaders(prisma: PrismaClient, access: AccessService) {
  const scoped = <T>(load: (teamIds: string[], ids: readonly string[]) => Promise<T[]>) => async (ids: readonly string[]) => load(await access.teamIds(), ids);
  return {
    dataset: new DataLoader<string, DatasetRow | null>(async (ids) => byId(ids, await scoped((teamIds, keys) => findDatasetsByIds(prisma, teamIds, keys))(ids))),
    image: new DataLoader<string, ImageRow | null>(async (ids) => byId(ids, await scoped((teamIds, keys) => findImagesByIds(prisma, teamIds, keys))(ids))),
    model: new DataLoader<string, ModelRow | null>(async (ids) => byId(ids, await scoped((teamIds, keys) => findModelsByIds(prisma, teamIds, keys))(ids))),
    run: new DataLoader<string, RunRow | null>(async (ids) => byId(ids, await scoped((teamIds, keys) => findRunsByIds(prisma, teamIds, keys))(ids))),
    sweep: new DataLoader<string, SweepRow | null>(async (ids) => byId(ids, await scoped((teamIds, keys) => findSweepsByIds(prisma, teamIds, keys))(ids))),
    imageResult: new DataLoader<string, ImageResultRow | null>(async (ids) => byId(ids, await scoped((teamIds, keys) => findImageResultsByIds(prisma, teamIds, keys))(ids))),
    stagesOfRun: new DataLoader<string, RunStageRow[]>(async (ids) => grouped(ids, await scoped((teamIds, keys) => findStagesOfRuns(prisma, teamIds, keys))(ids), (row) => row.runId)),
    shardsOfRun: new DataLoader<string, RunShardRow[]>(async (ids) => grouped(ids, await scoped((teamIds, keys) => findShardsOfRuns(prisma, teamIds, keys))(ids), (row) => row.runId)),
    metricsOfRun: new DataLoader<string, RunMetricRow[]>(async (ids) => grouped(ids, await scoped((teamIds, keys) => findMetricsOfRuns(prisma, teamIds, keys))(ids), (row) => row.runId)),
    runsOfSweep: new DataLoader<string, RunRow[]>(async (ids) => grouped(ids, await scoped((teamIds, keys) => findRunsOfSweeps(prisma, teamIds, keys))(ids), (row) => row.sweepId ?? '')),
    ratingsOfImageResult: new DataLoader<string, VisibilityRatingRow[]>(async (ids) =>
      grouped(ids, await scoped((teamIds, keys) => findRatingsOfImageResults(prisma, teamIds, keys))(ids), (row) => row.imageResultId),
    ),
    /** Users are loaded only as authors/creators of rows the viewer could already read. */
    user: new DataLoader<string, PublicUser | null>(async (ids) => byId(ids, await findUsersByIds(prisma, ids))),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

export function clearLoaders(loaders: Loaders): void {
  for (const loader of Object.values(loaders)) loader.clearAll();
}
