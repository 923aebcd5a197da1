import type { Split } from '../generated/prisma/client';
import type { Db } from '../prisma-client';
import { datasetSelect, imageSelect, modelSelect, type DatasetRow, type ImageRow, type ModelRow } from '../selects/catalog.select';
import { afterCreatedAt, toPage, type CreatedAtCursor, type Page, type PageQuery } from './page-query';

/** Datasets of a team, newest first. */
export async function listDatasetsPage(db: Db, teamId: string, page: PageQuery<CreatedAtCursor>): Promise<Page<DatasetRow>> {
  const rows = await db.dataset.findMany({
    where: { teamId, ...afterCreatedAt(page.after, 'desc') },
    select: datasetSelect,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: page.first + 1,
  });
  return toPage(rows, page.first);
}

export function countDatasets(db: Db, teamId: string): Promise<number> {
  return db.dataset.count({ where: { teamId } });
}

export function findDatasetsByIds(db: Db, teamIds: readonly string[], ids: readonly string[]): Promise<DatasetRow[]> {
  return db.dataset.findMany({ where: { id: { in: [...ids] }, teamId: { in: [...teamIds] } }, select: datasetSelect });
}

export interface ImageKeyCursor {
  key: string;
  id: string;
}

/** Images of one dataset of the team in key order, optionally of one split. */
export async function listImagesPage(db: Db, input: { teamId: string; datasetId: string; split?: Split | null }, page: PageQuery<ImageKeyCursor>): Promise<Page<ImageRow>> {
  const after = page.after ? { OR: [{ key: { gt: page.after.key } }, { key: page.after.key, id: { gt: page.after.id } }] } : {};
  const rows = await db.image.findMany({
    where: { datasetId: input.datasetId, dataset: { teamId: input.teamId }, ...(input.split ? { split: input.split } : {}), ...after },
    select: imageSelect,
    orderBy: [{ key: 'asc' }, { id: 'asc' }],
    take: page.first + 1,
  });
  return toPage(rows, page.first);
}

export function countImages(db: Db, input: { teamId: string; datasetId: string; split?: Split | null }): Promise<number> {
  return db.image.count({ where: { datasetId: input.datasetId, dataset: { teamId: input.teamId }, ...(input.split ? { split: input.split } : {}) } });
}

export function findImagesByIds(db: Db, teamIds: readonly string[], ids: readonly string[]): Promise<ImageRow[]> {
  return db.image.findMany({ where: { id: { in: [...ids] }, dataset: { teamId: { in: [...teamIds] } } }, select: imageSelect });
}

/** Models of a team, newest first. */
export async function listModelsPage(db: Db, teamId: string, page: PageQuery<CreatedAtCursor>): Promise<Page<ModelRow>> {
  const rows = await db.model.findMany({
    where: { teamId, ...afterCreatedAt(page.after, 'desc') },
    select: modelSelect,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: page.first + 1,
  });
  return toPage(rows, page.first);
}

export function countModels(db: Db, teamId: string): Promise<number> {
  return db.model.count({ where: { teamId } });
}

export function findModelsByIds(db: Db, teamIds: readonly string[], ids: readonly string[]): Promise<ModelRow[]> {
  return db.model.findMany({ where: { id: { in: [...ids] }, teamId: { in: [...teamIds] } }, select: modelSelect });
}
