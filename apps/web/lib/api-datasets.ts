import { notFound } from 'next/navigation';
import { z } from 'zod';
import { graphql, RUN_STATUSES, SPLITS, type ApiResult, type Loaded, type RunStatus } from './api';
import { fetchViewerTeams, teamHref, type TeamRef } from './api-teams';
import { formatDateTime, formatNumber } from './format';

/**
 * Datasets: the team's list, one dataset's facts, MOS histogram, splits, image grid and the runs on it.
 * Pure reshaping functions are tested in api-datasets.spec.ts.
 */

export type Split = (typeof SPLITS)[number];
export const GRID_PAGE_SIZE = 48;
/** The histogram reads every label through pages of the API's maximum (100): at most this many pages. */
const MAX_MOS_PAGES = 50;
export const MOS_BINS = 20;

const datasetNodeWire = z.object({
  id: z.string(),
  name: z.string(),
  version: z.string(),
  format: z.string(),
  imageCount: z.number(),
  lowerBetter: z.boolean(),
  mosMin: z.number(),
  mosMax: z.number(),
  createdAt: z.string(),
});
const datasetsWire = z.object({
  team: z.object({ datasets: z.object({ totalCount: z.number(), pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }), edges: z.array(z.object({ node: datasetNodeWire })) }) }).nullable(),
});

export interface DatasetListItemView {
  id: string;
  href: string;
  name: string;
  version: string;
  format: string;
  images: number;
  labels: string;
  createdLabel: string;
}

export function toDatasetListItem(node: z.infer<typeof datasetNodeWire>, teamSlug: string): DatasetListItemView {
  return {
    id: node.id,
    href: teamHref(`/datasets/${encodeURIComponent(node.id)}`, teamSlug),
    name: node.name,
    version: node.version,
    format: node.format,
    images: node.imageCount,
    labels: `${node.lowerBetter ? 'DMOS' : 'MOS'} ${formatNumber(node.mosMin, 2)}–${formatNumber(node.mosMax, 2)}`,
    createdLabel: formatDateTime(node.createdAt),
  };
}

const DATASETS_QUERY = `query Datasets($slug: String!, $after: String) {
  team(slug: $slug) { datasets(first: 50, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id name version format imageCount lowerBetter mosMin mosMax createdAt } } } }
}`;

export async function fetchDatasets(team: TeamRef, after: string | undefined): Promise<Loaded<{ datasets: DatasetListItemView[]; totalCount: number; nextCursor: string | null }>> {
  const result = await graphql(DATASETS_QUERY, { slug: team.slug, after: after ?? null }, datasetsWire, { from: teamHref('/datasets', team.slug) });
  if (!result.ok) return { kind: 'error', message: result.error.message };
  if (!result.data.team) notFound();
  const { datasets } = result.data.team;
  return {
    kind: 'ok',
    view: { datasets: datasets.edges.map(({ node }) => toDatasetListItem(node, team.slug)), totalCount: datasets.totalCount, nextCursor: datasets.pageInfo.hasNextPage ? datasets.pageInfo.endCursor : null },
  };
}

// ---------------------------------------------------------------------------------------------------
// Dataset detail

export interface DatasetQuery {
  split?: Split | undefined;
  after?: string | undefined;
}

export function parseDatasetQuery(searchParams: Record<string, string | string[] | undefined>): DatasetQuery {
  const one = (key: string) => {
    const value = searchParams[key];
    return (Array.isArray(value) ? value[0] : value) || undefined;
  };
  const split = SPLITS.find((s) => s === one('split')?.toUpperCase());
  const after = one('after');
  return { ...(split ? { split } : {}), ...(after && after.length <= 1000 ? { after } : {}) };
}

export function datasetHref(id: string, teamSlug: string | undefined, query: DatasetQuery = {}): string {
  const params = new URLSearchParams();
  if (teamSlug) params.set('team', teamSlug);
  if (query.split) params.set('split', query.split);
  if (query.after) params.set('after', query.after);
  const text = params.toString();
  return `/datasets/${encodeURIComponent(id)}${text ? `?${text}` : ''}`;
}

const imageWire = z.object({ id: z.string(), key: z.string(), width: z.number(), height: z.number(), mos: z.number(), mosStd: z.number().nullable(), split: z.enum(SPLITS).nullable() });
const pageInfoWire = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });
const datasetDetailWire = z.object({
  dataset: z
    .object({
      id: z.string(),
      name: z.string(),
      version: z.string(),
      description: z.string().nullable(),
      format: z.string(),
      mosMin: z.number(),
      mosMax: z.number(),
      lowerBetter: z.boolean(),
      source: z.string(),
      licence: z.string(),
      labelTransform: z.string().nullable(),
      imageCount: z.number(),
      createdAt: z.string(),
      train: z.object({ totalCount: z.number() }),
      val: z.object({ totalCount: z.number() }),
      test: z.object({ totalCount: z.number() }),
      images: z.object({ totalCount: z.number(), pageInfo: pageInfoWire, edges: z.array(z.object({ node: imageWire })) }),
    })
    .nullable(),
});
const mosPageWire = z.object({ dataset: z.object({ images: z.object({ pageInfo: pageInfoWire, edges: z.array(z.object({ node: z.object({ mos: z.number() }) })) }) }).nullable() });
type MosPage = NonNullable<z.infer<typeof mosPageWire>['dataset']>['images'];
const datasetRunsWire = z.object({
  team: z
    .object({
      slug: z.string(),
      runs: z.object({
        totalCount: z.number(),
        edges: z.array(z.object({ node: z.object({ id: z.string(), name: z.string().nullable(), attackId: z.string(), status: z.enum(RUN_STATUSES), split: z.string().nullable(), createdAt: z.string(), model: z.object({ name: z.string() }) }) })),
      }),
    })
    .nullable(),
});

export interface HistogramBin {
  /** "40.0–45.0" */
  label: string;
  from: number;
  to: number;
  count: number;
}

/** `values` counted into `bins` equal bins over [lo, hi] (values outside are clamped into the end bins). */
export function toMosHistogram(values: readonly number[], lo: number, hi: number, bins = MOS_BINS): HistogramBin[] {
  const low = Math.min(lo, hi);
  const high = Math.max(lo, hi);
  const count = high > low ? Math.max(1, Math.floor(bins)) : 1;
  const width = high > low ? (high - low) / count : 1;
  const digits = width >= 10 ? 0 : width >= 1 ? 1 : width >= 0.1 ? 2 : 3;
  const out: HistogramBin[] = Array.from({ length: count }, (_, i) => {
    const from = low + i * width;
    const to = i === count - 1 ? high : low + (i + 1) * width;
    return { label: `${formatNumber(from, digits)}–${formatNumber(to, digits)}`, from, to, count: 0 };
  });
  for (const value of values) {
    if (!Number.isFinite(value)) continue;
    const index = Math.min(count - 1, Math.max(0, Math.floor((value - low) / width)));
    out[index]!.count += 1;
  }
  return out;
}

export interface DatasetImageView {
  id: string;
  key: string;
  mos: string;
  split: string;
  size: string;
  /** The dashboard's artifact proxy path for the image. */
  src: string;
  alt: string;
}

export interface DatasetRunView {
  id: string;
  href: string;
  title: string;
  model: string;
  status: RunStatus;
  split: string;
  createdLabel: string;
}

export interface DatasetDetailView {
  id: string;
  title: string;
  description: string | null;
  mosLabel: string;
  facts: Array<{ label: string; value: string }>;
  splits: Array<{ split: Split | null; label: string; count: number; href: string; current: boolean }>;
  histogram: HistogramBin[];
  histogramNote: string | null;
  images: DatasetImageView[];
  imageTotal: number;
  nextHref: string | null;
  firstHref: string | null;
  runs: DatasetRunView[];
  runTotal: number;
  runsHref: string | null;
  teamSlug: string | null;
}

/** The dashboard's proxy path of a dataset image (served by app/artifacts/[...path]). */
export function datasetImageSrc(datasetId: string, imageId: string): string {
  return `/artifacts/dataset/${encodeURIComponent(datasetId)}/image/${encodeURIComponent(imageId)}`;
}

const SPLIT_LABELS: Record<Split, string> = { TRAIN: 'Train', VAL: 'Validation', TEST: 'Test' };

export function toDatasetDetail(
  dataset: NonNullable<z.infer<typeof datasetDetailWire>['dataset']>,
  input: { query: DatasetQuery; mos: readonly number[]; mosTruncated: boolean; runs: z.infer<typeof datasetRunsWire>['team'] | null; teamSlug: string | null },
): DatasetDetailView {
  const { query, teamSlug } = input;
  const mosLabel = dataset.lowerBetter ? 'DMOS' : 'MOS';
  const team = teamSlug ?? undefined;
  const splitCounts: Record<Split, number> = { TRAIN: dataset.train.totalCount, VAL: dataset.val.totalCount, TEST: dataset.test.totalCount };
  return {
    id: dataset.id,
    title: `${dataset.name} ${dataset.version}`,
    description: dataset.description,
    mosLabel,
    facts: [
      { label: 'Format', value: dataset.format },
      { label: 'Images', value: String(dataset.imageCount) },
      { label: `${mosLabel} range`, value: `${formatNumber(dataset.mosMin, 2)} – ${formatNumber(dataset.mosMax, 2)}` },
      { label: 'Direction', value: dataset.lowerBetter ? 'lower is better (DMOS-like)' : 'higher is better' },
      { label: 'Source', value: dataset.source },
      { label: 'Licence', value: dataset.licence },
      { label: 'Label transform', value: dataset.labelTransform ?? 'none' },
      { label: 'Imported', value: formatDateTime(dataset.createdAt) },
    ],
    splits: [
      { split: null, label: 'All', count: dataset.imageCount, href: datasetHref(dataset.id, team), current: !query.split },
      ...SPLITS.map((split) => ({ split, label: SPLIT_LABELS[split], count: splitCounts[split], href: datasetHref(dataset.id, team, { split }), current: query.split === split })),
    ],
    histogram: toMosHistogram(input.mos, dataset.mosMin, dataset.mosMax),
    histogramNote: input.mosTruncated ? `Only the first ${input.mos.length} labels are counted.` : null,
    images: dataset.images.edges.map(({ node }) => ({
      id: node.id,
      key: node.key,
      mos: formatNumber(node.mos, 2),
      split: node.split ? SPLIT_LABELS[node.split] : 'no split',
      size: `${node.width}×${node.height}`,
      src: datasetImageSrc(dataset.id, node.id),
      alt: `Image ${node.key}, ${mosLabel} ${formatNumber(node.mos, 2)}`,
    })),
    imageTotal: dataset.images.totalCount,
    nextHref: dataset.images.pageInfo.hasNextPage && dataset.images.pageInfo.endCursor ? datasetHref(dataset.id, team, { ...query, after: dataset.images.pageInfo.endCursor }) : null,
    firstHref: query.after ? datasetHref(dataset.id, team, { ...query, after: undefined }) : null,
    runs:
      input.runs?.runs.edges.map(({ node }) => ({
        id: node.id,
        href: `/runs/${encodeURIComponent(node.id)}`,
        title: node.name ?? `${node.attackId.toUpperCase()} on ${node.model.name}`,
        model: node.model.name,
        status: node.status,
        split: node.split ?? 'all',
        createdLabel: formatDateTime(node.createdAt),
      })) ?? [],
    runTotal: input.runs?.runs.totalCount ?? 0,
    runsHref: input.runs ? teamHref('/runs', input.runs.slug) : null,
    teamSlug,
  };
}

const DATASET_QUERY = `query Dataset($id: ID!, $split: Split, $after: String) {
  dataset(id: $id) {
    id name version description format mosMin mosMax lowerBetter source licence labelTransform imageCount createdAt
    train: images(split: TRAIN, first: 0) { totalCount }
    val: images(split: VAL, first: 0) { totalCount }
    test: images(split: TEST, first: 0) { totalCount }
    images(split: $split, first: ${GRID_PAGE_SIZE}, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id key width height mos mosStd split } } }
  }
}`;
const MOS_QUERY = `query DatasetMos($id: ID!, $split: Split, $after: String) {
  dataset(id: $id) { images(split: $split, first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { mos } } } }
}`;
const DATASET_RUNS_QUERY = `query DatasetRuns($slug: String!, $datasetId: ID!) {
  team(slug: $slug) { slug runs(filter: { datasetId: $datasetId }, first: 10) { totalCount edges { node { id name attackId status split createdAt model { name } } } } }
}`;

/**
 * One dataset (NOT_FOUND → the not-found page: another team's dataset looks exactly like a missing one), the labels
 * of the shown split for the histogram, and the runs on it. The API's Dataset names no team, so the runs are looked
 * up in the viewer's teams (the URL's team first); the one holding the dataset answers.
 */
export async function fetchDatasetDetail(id: string, teamSlug: string | undefined, query: DatasetQuery): Promise<Loaded<DatasetDetailView>> {
  const from = datasetHref(id, teamSlug, query);
  const result = await graphql(DATASET_QUERY, { id, split: query.split ?? null, after: query.after ?? null }, datasetDetailWire, { from });
  if (!result.ok) return { kind: 'error', message: result.error.message };
  if (!result.data.dataset) notFound();
  const mos: number[] = [];
  let after: string | null = null;
  let truncated = true;
  for (let page = 0; page < MAX_MOS_PAGES; page += 1) {
    const labels: ApiResult<z.infer<typeof mosPageWire>> = await graphql(MOS_QUERY, { id, split: query.split ?? null, after }, mosPageWire, { from });
    if (!labels.ok) return { kind: 'error', message: labels.error.message };
    const images: MosPage | undefined = labels.data.dataset?.images;
    if (!images) break;
    mos.push(...images.edges.map(({ node }) => node.mos));
    after = images.pageInfo.hasNextPage ? images.pageInfo.endCursor : null;
    if (!after) {
      truncated = false;
      break;
    }
  }
  const viewer = await fetchViewerTeams(from);
  if (viewer.kind === 'error') return viewer;
  const teams = [...viewer.view.teams].sort((a, b) => Number(b.slug === teamSlug) - Number(a.slug === teamSlug));
  let runs: z.infer<typeof datasetRunsWire>['team'] = null;
  for (const team of teams) {
    const answer = await graphql(DATASET_RUNS_QUERY, { slug: team.slug, datasetId: id }, datasetRunsWire, { from });
    if (!answer.ok) return { kind: 'error', message: answer.error.message };
    if (answer.data.team && answer.data.team.runs.totalCount > 0) {
      runs = answer.data.team;
      break;
    }
  }
  const slug = runs?.slug ?? (teamSlug && viewer.view.teams.some((t) => t.slug === teamSlug) ? teamSlug : null);
  return { kind: 'ok', view: toDatasetDetail(result.data.dataset, { query, mos, mosTruncated: truncated, runs, teamSlug: slug }) };
}
