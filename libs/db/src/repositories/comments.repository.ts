import { DbError } from '../db-error';
import type { Db } from '../prisma-client';
import { commentSelect, visibilityRatingSelect, type CommentRow, type VisibilityRatingRow } from '../selects/review.select';
import { afterCreatedAt, toPage, type CreatedAtCursor, type Page, type PageQuery } from './page-query';

/** The pair-viewer view a comment on an image was written at: zoom and centre (fractions of the image). */
export interface CommentView {
  z: number;
  cx: number;
  cy: number;
}

/** Adds a comment to a visible run of the team; the image (if any) must belong to the run's dataset. */
export async function addComment(
  db: Db,
  input: { teamId: string; runId: string; imageId?: string | null; step?: number | null; authorId: string; body: string; view?: CommentView | null },
): Promise<CommentRow> {
  const run = await db.run.findFirst({ where: { id: input.runId, teamId: input.teamId, deletedAt: null }, select: { datasetId: true } });
  if (!run) throw new DbError('NOT_FOUND', 'Run not found');
  if (input.imageId) {
    const image = await db.image.findFirst({ where: { id: input.imageId, datasetId: run.datasetId }, select: { id: true } });
    if (!image) throw new DbError('NOT_FOUND', 'Image not found in this run’s dataset');
  }
  return db.comment.create({
    data: { runId: input.runId, imageId: input.imageId ?? null, step: input.step ?? null, authorId: input.authorId, body: input.body, ...(input.view ? { view: { ...input.view } } : {}) },
    select: commentSelect,
  });
}

export interface CommentQuery {
  teamId: string;
  runId: string;
  imageId?: string | null;
}

function commentWhere(query: CommentQuery) {
  return { runId: query.runId, run: { teamId: query.teamId, deletedAt: null }, ...(query.imageId ? { imageId: query.imageId } : {}) };
}

/** Comments of a run (optionally of one image), oldest first (`asc`, the default) or newest first (`desc`). */
export async function listCommentsPage(db: Db, query: CommentQuery, page: PageQuery<CreatedAtCursor>, direction: 'asc' | 'desc' = 'asc'): Promise<Page<CommentRow>> {
  const rows = await db.comment.findMany({
    where: { AND: [commentWhere(query), afterCreatedAt(page.after, direction)] },
    select: commentSelect,
    orderBy: [{ createdAt: direction }, { id: direction }],
    take: page.first + 1,
  });
  return toPage(rows, page.first);
}

export function countComments(db: Db, query: CommentQuery): Promise<number> {
  return db.comment.count({ where: commentWhere(query) });
}

/** One rating per user per image result: a second rating replaces the first. */
export async function rateVisibility(db: Db, input: { teamId: string; imageResultId: string; userId: string; visible: boolean }): Promise<VisibilityRatingRow> {
  const result = await db.imageResult.findFirst({ where: { id: input.imageResultId, run: { teamId: input.teamId, deletedAt: null } }, select: { id: true } });
  if (!result) throw new DbError('NOT_FOUND', 'Image result not found');
  return db.visibilityRating.upsert({
    where: { imageResultId_userId: { imageResultId: input.imageResultId, userId: input.userId } },
    create: { imageResultId: input.imageResultId, userId: input.userId, visible: input.visible },
    update: { visible: input.visible },
    select: visibilityRatingSelect,
  });
}

export function findRatingsOfImageResults(db: Db, teamIds: readonly string[], imageResultIds: readonly string[]): Promise<VisibilityRatingRow[]> {
  return db.visibilityRating.findMany({
    where: { imageResultId: { in: [...imageResultIds] }, imageResult: { run: { teamId: { in: [...teamIds] }, deletedAt: null } } },
    select: visibilityRatingSelect,
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
}
