import { Prisma, type Split } from '../generated/prisma/client';
import type { Db } from '../prisma-client';
import { imageSelect, type ImageRow } from '../selects/catalog.select';
import { imageResultSelect, type ImageResultRow } from '../selects/review.select';
import { toPage, type Page, type PageQuery } from './page-query';
import { exactFloat } from './exact-float';

/** Bounds of a numeric column; every bound given must hold. */
export interface FloatRange {
  gt?: number | null;
  gte?: number | null;
  lt?: number | null;
  lte?: number | null;
}

/** Whether reviewers rated the perturbation visible: by at least one, by none of those who rated, or by nobody at all. */
export type VisibilityFilter = 'VISIBLE' | 'NOT_VISIBLE' | 'NOT_RATED';

/** A filter on one run's image results; every field given must hold, `AND`/`OR` combine nested filters. */
export interface ImageResultFilter {
  AND?: readonly ImageResultFilter[] | null;
  OR?: readonly ImageResultFilter[] | null;
  imageKeyIn?: readonly string[] | null;
  imageIdIn?: readonly string[] | null;
  splitIn?: readonly Split[] | null;
  mos?: FloatRange | null;
  cleanScore?: FloatRange | null;
  attackedScore?: FloatRange | null;
  /** |attacked − clean| > x */
  scoreChangeAbsGt?: number | null;
  /** |attackedRank − cleanRank| > k */
  rankMovedGt?: number | null;
  visibility?: VisibilityFilter | null;
}

export type ImageResultOrderField = 'KEY' | 'MOS' | 'CLEAN_SCORE' | 'ATTACKED_SCORE' | 'SCORE_CHANGE' | 'RANK_MOVED';

export interface ImageResultOrder {
  field: ImageResultOrderField;
  direction: 'ASC' | 'DESC';
}

/** Position after a row: its sort value (null sorts last) and id. */
export interface ImageResultCursor {
  value: number | string | null;
  id: string;
}

const ORDER_EXPRESSIONS: Record<ImageResultOrderField, Prisma.Sql> = {
  KEY: Prisma.sql`i."key"`,
  MOS: Prisma.sql`i."mos"`,
  CLEAN_SCORE: Prisma.sql`ir."cleanScore"`,
  ATTACKED_SCORE: Prisma.sql`ir."attackedScore"`,
  // Materialised columns with (runId, column) indexes: a sorted page is an index range scan (docs/benchmarks.md).
  SCORE_CHANGE: Prisma.sql`ir."scoreChange"`,
  RANK_MOVED: Prisma.sql`ir."rankMoved"`,
};

/** Every column of `imageResultSelect`, so a page is read in the same query that orders it. */
const ROW_COLUMNS = Prisma.raw(
  ['id', 'runId', 'imageId', 'cleanScore', 'targetScore', 'attackedScoreFloat', 'attackedScore', 'linf', 'l2', 'psnr', 'ssim', 'trajectory', 'durationMs', 'cleanRank', 'attackedRank', 'perturbedAt', 'adversarialArtifactId', 'differenceArtifactId', 'updatedAt']
    .map((column) => `ir."${column}"`)
    .join(', '),
);

const IMAGE_PREFIX = 'image.';

/** Every column of `imageSelect`, read in the same query as the page (its images need no second query). */
const IMAGE_COLUMNS = Prisma.raw(
  (Object.keys(imageSelect) as Array<keyof typeof imageSelect>).map((column) => `i."${column}" AS "${IMAGE_PREFIX}${column}"`).join(', '),
);

/** Splits a page row into the image result and its image (the columns named `image.<field>`). */
function splitImage(raw: Record<string, unknown>): { row: ImageResultRow; image: ImageRow } {
  const row: Record<string, unknown> = {};
  const image: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith(IMAGE_PREFIX)) image[key.slice(IMAGE_PREFIX.length)] = value;
    else row[key] = value;
  }
  return { row: row as ImageResultRow, image: image as ImageRow };
}

const FROM = Prisma.sql`FROM "ImageResult" ir JOIN "Image" i ON i."id" = ir."imageId" JOIN "Run" r ON r."id" = ir."runId"`;

function runScope(teamIds: readonly string[], runId: string): Prisma.Sql {
  if (teamIds.length === 0) return Prisma.sql`FALSE`;
  return Prisma.sql`r."teamId" IN (${Prisma.join(teamIds)}) AND r."deletedAt" IS NULL AND ir."runId" = ${runId}`;
}

function rangeSql(expression: Prisma.Sql, range: FloatRange): Prisma.Sql[] {
  const parts: Prisma.Sql[] = [];
  if (range.gt != null) parts.push(Prisma.sql`${expression} > ${exactFloat(range.gt)}`);
  if (range.gte != null) parts.push(Prisma.sql`${expression} >= ${exactFloat(range.gte)}`);
  if (range.lt != null) parts.push(Prisma.sql`${expression} < ${exactFloat(range.lt)}`);
  if (range.lte != null) parts.push(Prisma.sql`${expression} <= ${exactFloat(range.lte)}`);
  return parts;
}

const RATED = Prisma.sql`EXISTS (SELECT 1 FROM "VisibilityRating" v WHERE v."imageResultId" = ir."id")`;
const RATED_VISIBLE = Prisma.sql`EXISTS (SELECT 1 FROM "VisibilityRating" v WHERE v."imageResultId" = ir."id" AND v."visible")`;

/** The filter as one parenthesised SQL condition (values are bound parameters, never spliced). */
export function imageResultFilterSql(filter: ImageResultFilter): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (filter.imageKeyIn) parts.push(filter.imageKeyIn.length ? Prisma.sql`i."key" IN (${Prisma.join(filter.imageKeyIn)})` : Prisma.sql`FALSE`);
  if (filter.imageIdIn) parts.push(filter.imageIdIn.length ? Prisma.sql`ir."imageId" IN (${Prisma.join(filter.imageIdIn)})` : Prisma.sql`FALSE`);
  if (filter.splitIn) parts.push(filter.splitIn.length ? Prisma.sql`i."split"::text IN (${Prisma.join(filter.splitIn)})` : Prisma.sql`FALSE`);
  if (filter.mos) parts.push(...rangeSql(Prisma.sql`i."mos"`, filter.mos));
  if (filter.cleanScore) parts.push(...rangeSql(Prisma.sql`ir."cleanScore"`, filter.cleanScore));
  if (filter.attackedScore) parts.push(...rangeSql(Prisma.sql`ir."attackedScore"`, filter.attackedScore));
  if (filter.scoreChangeAbsGt != null) parts.push(Prisma.sql`abs(ir."scoreChange") > ${exactFloat(filter.scoreChangeAbsGt)}`);
  if (filter.rankMovedGt != null) parts.push(Prisma.sql`ir."rankMoved" > ${exactFloat(filter.rankMovedGt)}`);
  if (filter.visibility === 'VISIBLE') parts.push(RATED_VISIBLE);
  if (filter.visibility === 'NOT_VISIBLE') parts.push(Prisma.sql`(${RATED} AND NOT ${RATED_VISIBLE})`);
  if (filter.visibility === 'NOT_RATED') parts.push(Prisma.sql`NOT ${RATED}`);
  for (const nested of filter.AND ?? []) parts.push(imageResultFilterSql(nested));
  if (filter.OR) parts.push(filter.OR.length ? Prisma.join(filter.OR.map(imageResultFilterSql), ' OR ', '(', ')') : Prisma.sql`FALSE`);
  return parts.length ? Prisma.join(parts, ' AND ', '(', ')') : Prisma.sql`TRUE`;
}

/** The non-null phase of a keyset page: rows strictly after the cursor's (value, id) in `direction`. */
function keysetSql(expression: Prisma.Sql, direction: 'ASC' | 'DESC', cursor: ImageResultCursor | null | undefined): Prisma.Sql {
  if (!cursor || cursor.value === null) return Prisma.sql`TRUE`;
  const value = exactFloat(cursor.value);
  const beyond = direction === 'ASC' ? Prisma.sql`${expression} > ${value}` : Prisma.sql`${expression} < ${value}`;
  return Prisma.sql`(${beyond} OR (${expression} = ${value} AND ir."id" > ${cursor.id}))`;
}

export interface ImageResultQuery {
  /** The teams whose runs may be read (the viewer's): a run of another team reads as empty. */
  teamIds: readonly string[];
  runId: string;
  filter?: ImageResultFilter | null;
  order?: ImageResultOrder | null;
}

export interface ImageResultEdge {
  row: ImageResultRow;
  /** The row's image (read by the same query). */
  image: ImageRow;
  cursor: ImageResultCursor;
}

/**
 * One page of a run's image results, filtered and ordered (nulls last, id as tie-break). The rows with a value
 * come first, read with `value IS NOT NULL` and an ORDER BY that a plain (runId, column) index serves (the NULLS
 * placement is moot without nulls); the rows without one follow in id order. One or two queries whatever the
 * page size, each returning the rows themselves.
 */
export async function listImageResultsPage(db: Db, query: ImageResultQuery, page: PageQuery<ImageResultCursor>): Promise<Page<ImageResultEdge>> {
  const order = query.order ?? { field: 'KEY', direction: 'ASC' };
  const expression = ORDER_EXPRESSIONS[order.field];
  const scope = Prisma.sql`${runScope(query.teamIds, query.runId)} AND ${imageResultFilterSql(query.filter ?? {})}`;
  const limit = page.first + 1;
  type Keyed = Record<string, unknown> & { sortValue: number | string | null };
  const rows: Keyed[] = [];
  if (page.after?.value !== null || !page.after) {
    const ordered = order.direction === 'DESC' ? Prisma.sql`${expression} DESC NULLS FIRST` : Prisma.sql`${expression} ASC NULLS LAST`;
    rows.push(
      ...(await db.$queryRaw<Keyed[]>`
        SELECT ${ROW_COLUMNS}, ${IMAGE_COLUMNS}, ${expression} AS "sortValue" ${FROM}
        WHERE ${scope} AND ${expression} IS NOT NULL AND ${keysetSql(expression, order.direction, page.after)}
        ORDER BY ${ordered}, ir."id" ASC
        LIMIT ${limit}`),
    );
  }
  if (rows.length < limit) {
    const afterId = page.after?.value === null ? Prisma.sql`ir."id" > ${page.after.id}` : Prisma.sql`TRUE`;
    rows.push(
      ...(await db.$queryRaw<Keyed[]>`
        SELECT ${ROW_COLUMNS}, ${IMAGE_COLUMNS}, NULL AS "sortValue" ${FROM}
        WHERE ${scope} AND ${expression} IS NULL AND ${afterId}
        ORDER BY ir."id" ASC
        LIMIT ${limit - rows.length}`),
    );
  }
  const edges = rows.map(({ sortValue, ...columns }) => {
    const { row, image } = splitImage(columns);
    return { row, image, cursor: { value: sortValue, id: row.id } };
  });
  return toPage(edges, page.first);
}

export interface ImageResultNeighbours {
  previous: ImageResultRow | null;
  next: ImageResultRow | null;
  /** 1-based place of the result in the filtered, ordered list; null when it does not match the filter. */
  position: number | null;
  total: number;
}

/**
 * The results just before and after one result in a run's filtered, ordered list (the order of
 * `listImageResultsPage`: value in `direction` with nulls last, then id), its position and the list's length.
 */
export async function findImageResultNeighbours(db: Db, query: ImageResultQuery, imageResultId: string): Promise<ImageResultNeighbours> {
  const order = query.order ?? { field: 'KEY', direction: 'ASC' };
  const expression = ORDER_EXPRESSIONS[order.field];
  const scope = Prisma.sql`${runScope(query.teamIds, query.runId)} AND ${imageResultFilterSql(query.filter ?? {})}`;
  const [self] = await db.$queryRaw<Array<{ value: number | string | null }>>`SELECT ${expression} AS "value" ${FROM} WHERE ${scope} AND ir."id" = ${imageResultId}`;
  const total = await countImageResults(db, query);
  if (!self) return { previous: null, next: null, position: null, total };
  const value = self.value === null ? null : exactFloat(self.value);
  const [ahead, behind] = order.direction === 'ASC' ? [Prisma.sql`<`, Prisma.sql`>`] : [Prisma.sql`>`, Prisma.sql`<`];
  const before =
    value === null
      ? Prisma.sql`(${expression} IS NOT NULL OR ir."id" < ${imageResultId})`
      : Prisma.sql`(${expression} IS NOT NULL AND (${expression} ${ahead} ${value} OR (${expression} = ${value} AND ir."id" < ${imageResultId})))`;
  const after =
    value === null
      ? Prisma.sql`(${expression} IS NULL AND ir."id" > ${imageResultId})`
      : Prisma.sql`(${expression} IS NULL OR ${expression} ${behind} ${value} OR (${expression} = ${value} AND ir."id" > ${imageResultId}))`;
  const forward = order.direction === 'ASC' ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const backward = order.direction === 'ASC' ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  const [previous, next, counted] = await Promise.all([
    db.$queryRaw<ImageResultRow[]>`
      SELECT ${ROW_COLUMNS} ${FROM} WHERE ${scope} AND ${before}
      ORDER BY (${expression} IS NULL) DESC, ${expression} ${backward}, ir."id" DESC LIMIT 1`,
    db.$queryRaw<ImageResultRow[]>`
      SELECT ${ROW_COLUMNS} ${FROM} WHERE ${scope} AND ${after}
      ORDER BY (${expression} IS NULL) ASC, ${expression} ${forward}, ir."id" ASC LIMIT 1`,
    db.$queryRaw<Array<{ count: number }>>`SELECT count(*)::int AS "count" ${FROM} WHERE ${scope} AND ${before}`,
  ]);
  return { previous: previous[0] ?? null, next: next[0] ?? null, position: (counted[0]?.count ?? 0) + 1, total };
}

export async function countImageResults(db: Db, query: ImageResultQuery): Promise<number> {
  const rows = await db.$queryRaw<Array<{ count: number }>>`
    SELECT count(*)::int AS "count" ${FROM} WHERE ${runScope(query.teamIds, query.runId)} AND ${imageResultFilterSql(query.filter ?? {})}`;
  return rows[0]?.count ?? 0;
}

export function findImageResultsByIds(db: Db, teamIds: readonly string[], ids: readonly string[]): Promise<ImageResultRow[]> {
  return db.imageResult.findMany({ where: { id: { in: [...ids] }, run: { teamId: { in: [...teamIds] }, deletedAt: null } }, select: imageResultSelect });
}

/** Every result of one image across the team's visible runs, newest run first. */
export function listResultsOfImage(db: Db, teamIds: readonly string[], imageId: string): Promise<ImageResultRow[]> {
  return db.imageResult.findMany({
    where: { imageId, image: { dataset: { teamId: { in: [...teamIds] } } }, run: { teamId: { in: [...teamIds] }, deletedAt: null } },
    select: imageResultSelect,
    orderBy: [{ run: { createdAt: 'desc' } }, { id: 'asc' }],
  });
}

export interface Histogram {
  min: number | null;
  max: number | null;
  bins: Array<{ lower: number; upper: number; count: number }>;
}

/** Histogram of attacked − clean over the run's scored images, `bins` equal-width bins from min to max (one bin when min = max). */
export async function scoreChangeHistogram(db: Db, teamId: string, runId: string, bins: number): Promise<Histogram> {
  const rows = await db.$queryRaw<Array<{ lo: number; hi: number; bucket: number; count: number }>>`
    WITH d AS (
      SELECT ir."attackedScore" - ir."cleanScore" AS v ${FROM}
      WHERE ${runScope([teamId], runId)} AND ir."attackedScore" IS NOT NULL AND ir."cleanScore" IS NOT NULL
    ), b AS (SELECT min(v) AS lo, max(v) AS hi FROM d)
    SELECT b.lo, b.hi, (CASE WHEN b.hi = b.lo THEN 1 ELSE least(width_bucket(d.v, b.lo, b.hi, ${bins}::int), ${bins}::int) END)::int AS "bucket", count(*)::int AS "count"
    FROM d CROSS JOIN b GROUP BY b.lo, b.hi, "bucket" ORDER BY "bucket"`;
  const first = rows[0];
  if (!first) return { min: null, max: null, bins: [] };
  // Every image changed by the same amount: one bin of zero width, not `bins` of them.
  if (first.hi === first.lo) return { min: first.lo, max: first.hi, bins: [{ lower: first.lo, upper: first.hi, count: rows.reduce((sum, row) => sum + row.count, 0) }] };
  const width = (first.hi - first.lo) / bins;
  const counts = new Map(rows.map((row) => [row.bucket, row.count]));
  return {
    min: first.lo,
    max: first.hi,
    bins: Array.from({ length: bins }, (_, index) => ({
      lower: first.lo + index * width,
      upper: index === bins - 1 ? first.hi : first.lo + (index + 1) * width,
      count: counts.get(index + 1) ?? 0,
    })),
  };
}

/** Everything an export of one run needs, in image key order. */
export function listRunResultsForExport(db: Db, teamId: string, runId: string) {
  return db.imageResult.findMany({
    where: { runId, run: { teamId, deletedAt: null } },
    select: { ...imageResultSelect, image: { select: { key: true, mos: true, mosStd: true, split: true } } },
    orderBy: { image: { key: 'asc' } },
  });
}

export interface StoredFile {
  key: string;
  mediaType: string;
}

/** Where the stored file of one image of a dataset of the viewer's teams is (its own team's artifact), or null. */
export async function findDatasetImageFile(db: Db, teamIds: readonly string[], datasetId: string, imageId: string): Promise<StoredFile | null> {
  const found = await db.image.findFirst({
    where: { id: imageId, datasetId, dataset: { teamId: { in: [...teamIds] } } },
    select: { dataset: { select: { teamId: true } }, artifact: { select: { key: true, mediaType: true, teamId: true } } },
  });
  return found?.artifact && found.artifact.teamId === found.dataset.teamId ? { key: found.artifact.key, mediaType: found.artifact.mediaType } : null;
}

/** Where the clean, adversarial and difference images of one image of one run are (each artifact of the run's team). */
export async function findImageResultFiles(
  db: Db,
  teamIds: readonly string[],
  runId: string,
  imageId: string,
): Promise<{ teamId: string; clean: StoredFile | null; adversarial: StoredFile | null; difference: StoredFile | null } | null> {
  const found = await db.imageResult.findFirst({
    where: { runId, imageId, run: { teamId: { in: [...teamIds] }, deletedAt: null } },
    select: {
      run: { select: { teamId: true } },
      image: { select: { artifact: { select: { key: true, mediaType: true, teamId: true } } } },
      adversarialArtifact: { select: { key: true, mediaType: true, teamId: true } },
      differenceArtifact: { select: { key: true, mediaType: true, teamId: true } },
    },
  });
  if (!found) return null;
  const teamId = found.run.teamId;
  const own = (artifact: { key: string; mediaType: string; teamId: string } | null): StoredFile | null =>
    artifact && artifact.teamId === teamId ? { key: artifact.key, mediaType: artifact.mediaType } : null;
  return { teamId, clean: own(found.image.artifact), adversarial: own(found.adversarialArtifact), difference: own(found.differenceArtifact) };
}
