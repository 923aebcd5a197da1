import { notFound } from 'next/navigation';
import { z } from 'zod';
import { COMMENTS_PAGE_SIZE, RUN_STATUSES, graphql, imagePairHref, imagesHref, toArtifactSrc, toImageResultsVariables, type ImageTableQuery, type Loaded, type RunStatus } from './api';
import { formatDateTime, formatNumber } from './format';
import { clampViewport, viewportEntries, type PairViewport } from './pair-viewport';

/**
 * The image pair page's queries (one image of one run; its neighbours in the run's table; the same image
 * under every run of the team; its comments, newest first), reshaped into view types. Pure reshaping
 * functions are tested in api-images.spec.ts.
 */

/**
 * The heat map's colour stops, the same as the API's `HEAT_MAP_STOPS` (apps/api/src/images/heat-map-image.ts:
 * matplotlib's "inferno" at 9 even stops); the legend's gradient is drawn from them.
 */
export const HEAT_MAP_STOPS = ['#000004', '#1b0c41', '#4a0c6b', '#781c6d', '#a52c60', '#cf4446', '#ed6925', '#fb9b06', '#fcffa4'] as const;

const runStatusWire = z.enum(RUN_STATUSES);
const neighbourWire = z.object({ image: z.object({ id: z.string(), key: z.string() }) }).nullable();
const pairNodeWire = z.object({
  id: z.string(),
  image: z.object({ id: z.string(), key: z.string(), mos: z.number(), width: z.number(), height: z.number(), split: z.string().nullable() }),
  run: z.object({ id: z.string(), name: z.string().nullable(), attackId: z.string(), status: runStatusWire, model: z.object({ name: z.string() }), dataset: z.object({ lowerBetter: z.boolean() }) }),
  cleanScore: z.number().nullable(),
  targetScore: z.number().nullable(),
  attackedScoreFloat: z.number().nullable(),
  attackedScore: z.number().nullable(),
  scoreChange: z.number().nullable(),
  cleanRank: z.number().nullable(),
  attackedRank: z.number().nullable(),
  linf: z.number().nullable(),
  l2: z.number().nullable(),
  psnr: z.number().nullable(),
  ssim: z.number().nullable(),
  trajectory: z.array(z.number()),
  cleanUrl: z.string(),
  adversarialUrl: z.string().nullable(),
  differenceUrl: z.string().nullable(),
  ratings: z.array(z.object({ visible: z.boolean() })),
  myRating: z.object({ visible: z.boolean() }).nullable(),
  neighbours: z.object({ previous: neighbourWire, next: neighbourWire, position: z.number().nullable(), total: z.number() }),
});
const pairWire = z.object({ imageResults: z.object({ edges: z.array(z.object({ node: pairNodeWire })) }) });

export type PaneId = 'clean' | 'adversarial' | 'difference' | 'heatmap';

export interface PaneView {
  id: PaneId;
  label: string;
  /** Same-origin artifact path, or null while the run has not attacked this image. */
  src: string | null;
  alt: string;
}

export interface NeighbourView {
  key: string;
  /** The neighbour's pair page, with the table's sort and filters (the viewer adds its zoom). */
  href: string;
}

export interface PairPageView {
  imageResultId: string;
  imageId: string;
  runId: string;
  runHref: string;
  runTitle: string;
  key: string;
  size: string;
  width: number;
  height: number;
  panes: PaneView[];
  /** Top of the heat map's scale, in 8-bit levels (L∞ × 255), when there is an adversarial image. */
  heatMax: { levels: number; label: string } | null;
  numbers: Array<{ label: string; value: string }>;
  trajectory: Array<{ step: number; score: number }>;
  targetScore: number | null;
  canRate: boolean;
  /** The viewer's own rating: true = visible, null = not rated. */
  myRating: boolean | null;
  ratingSummary: string;
  nav: { previous: NeighbourView | null; next: NeighbourView | null; position: number | null; total: number; tableHref: string; filtered: boolean };
}

export function toPairPage(node: z.infer<typeof pairNodeWire>, table: ImageTableQuery = {}): PairPageView {
  const n = (value: number | null, digits: number, signed = false) => (value === null ? '—' : formatNumber(value, digits, signed));
  const key = node.image.key;
  const rank = node.cleanRank === null || node.attackedRank === null ? '—' : `${formatNumber(node.cleanRank, 1)} → ${formatNumber(node.attackedRank, 1)}`;
  const visible = node.ratings.filter((r) => r.visible).length;
  const adversarial = toArtifactSrc(node.adversarialUrl);
  const heatSrc = adversarial ? `/artifacts/run/${encodeURIComponent(node.run.id)}/image/${encodeURIComponent(node.image.id)}/heatmap.png` : null;
  const levels = node.linf === null ? null : Math.round(node.linf * 255);
  const neighbour = (side: z.infer<typeof neighbourWire>): NeighbourView | null => (side ? { key: side.image.key, href: imagePairHref(node.run.id, side.image.id, table) } : null);
  const { filter } = toImageResultsVariables(table);
  return {
    imageResultId: node.id,
    imageId: node.image.id,
    runId: node.run.id,
    runHref: `/runs/${encodeURIComponent(node.run.id)}`,
    runTitle: node.run.name ?? `${node.run.attackId.toUpperCase()} on ${node.run.model.name}`,
    key,
    size: `${node.image.width}×${node.image.height}`,
    width: node.image.width,
    height: node.image.height,
    panes: [
      { id: 'clean', label: 'Clean', src: toArtifactSrc(node.cleanUrl), alt: `Clean image ${key}` },
      { id: 'adversarial', label: 'Adversarial', src: adversarial, alt: `Adversarial image ${key}` },
      { id: 'difference', label: 'Difference (amplified)', src: toArtifactSrc(node.differenceUrl), alt: `Amplified difference between clean and adversarial ${key}` },
      { id: 'heatmap', label: 'Heat map |adv − clean|', src: heatSrc, alt: `Heat map of the per-pixel change of ${key}` },
    ],
    heatMax: heatSrc && levels !== null ? { levels, label: `${levels}/255` } : null,
    numbers: [
      { label: node.run.dataset.lowerBetter ? 'DMOS' : 'MOS', value: n(node.image.mos, 2) },
      { label: 'Clean score', value: n(node.cleanScore, 3) },
      ...(node.targetScore === null ? [] : [{ label: 'Target score', value: n(node.targetScore, 3) }]),
      { label: 'Attacked score', value: n(node.attackedScore, 3) },
      { label: 'Float image’s score (before 8-bit)', value: n(node.attackedScoreFloat, 3) },
      { label: 'Δ score', value: n(node.scoreChange, 3, true) },
      { label: 'Rank (clean → attacked)', value: rank },
      { label: 'PSNR', value: node.psnr === null ? '—' : `${formatNumber(node.psnr, 2)} dB` },
      { label: 'SSIM', value: n(node.ssim, 4) },
      { label: 'L∞', value: node.linf === null ? '—' : `${formatNumber(node.linf, 4)} (${formatNumber(node.linf * 255, 1)}/255)` },
      { label: 'L2', value: n(node.l2, 3) },
    ],
    trajectory: node.trajectory.map((score, step) => ({ step, score })),
    targetScore: node.targetScore,
    canRate: adversarial !== null,
    myRating: node.myRating?.visible ?? null,
    ratingSummary: node.ratings.length ? `${node.ratings.length} rating${node.ratings.length === 1 ? '' : 's'}, ${visible} visible` : 'No ratings yet',
    nav: { previous: neighbour(node.neighbours.previous), next: neighbour(node.neighbours.next), position: node.neighbours.position, total: node.neighbours.total, tableHref: imagesHref(node.run.id, { ...table, after: undefined }, true), filtered: filter !== null },
  };
}

const PAIR_QUERY = `query ImagePairPage($runId: ID!, $imageId: ID!, $filter: ImageResultFilter, $orderBy: ImageResultOrder) {
  imageResults(runId: $runId, filter: { imageIdIn: [$imageId] }, first: 1) {
    edges { node {
      id cleanScore targetScore attackedScoreFloat attackedScore scoreChange cleanRank attackedRank linf l2 psnr ssim trajectory cleanUrl adversarialUrl differenceUrl
      ratings { visible }
      myRating { visible }
      image { id key mos width height split }
      run { id name attackId status model { name } dataset { lowerBetter } }
      neighbours(filter: $filter, orderBy: $orderBy) { previous { image { id key } } next { image { id key } } position total }
    } }
  }
}`;

/** One image of one run, with its previous / next under the table's sort and filters. */
export async function fetchPairPage(runId: string, imageId: string, table: ImageTableQuery): Promise<Loaded<PairPageView>> {
  const { filter, orderBy } = toImageResultsVariables(table);
  const result = await graphql(PAIR_QUERY, { runId, imageId, filter, orderBy }, pairWire, { from: imagePairHref(runId, imageId, table) });
  if (!result.ok) return { kind: 'error', message: result.error.message };
  const node = result.data.imageResults.edges.find((edge) => edge.node.image.id === imageId)?.node;
  if (!node) notFound();
  return { kind: 'ok', view: toPairPage(node, table) };
}

// ---------------------------------------------------------------------------------------------------
// This image under every run of the team

const everyRunWire = z.object({
  imageUnderEveryRun: z.array(
    z.object({
      id: z.string(),
      cleanScore: z.number().nullable(),
      attackedScore: z.number().nullable(),
      scoreChange: z.number().nullable(),
      psnr: z.number().nullable(),
      linf: z.number().nullable(),
      adversarialUrl: z.string().nullable(),
      run: z.object({ id: z.string(), name: z.string().nullable(), attackId: z.string(), status: runStatusWire, createdAt: z.string(), budgetEpsilon: z.number().nullable(), model: z.object({ name: z.string() }) }),
    }),
  ),
});

export interface ImageRunRowView {
  runId: string;
  title: string;
  href: string;
  attack: string;
  model: string;
  status: RunStatus;
  epsilon: string;
  created: string;
  clean: string;
  attacked: string;
  delta: string;
  psnr: string;
  linf: string;
  current: boolean;
}

export function toImageRunRows(rows: z.infer<typeof everyRunWire>['imageUnderEveryRun'], imageId: string, currentRunId: string): ImageRunRowView[] {
  const n = (value: number | null, digits: number, signed = false) => (value === null ? '—' : formatNumber(value, digits, signed));
  return rows.map((row) => ({
    runId: row.run.id,
    title: `${row.run.name ? `${row.run.name} · ` : ''}${row.run.attackId.toUpperCase()} on ${row.run.model.name}`,
    href: imagePairHref(row.run.id, imageId),
    attack: row.run.attackId,
    model: row.run.model.name,
    status: row.run.status,
    epsilon: row.run.budgetEpsilon === null ? '—' : formatNumber(row.run.budgetEpsilon, 4),
    created: formatDateTime(row.run.createdAt),
    clean: n(row.cleanScore, 3),
    attacked: n(row.attackedScore, 3),
    delta: n(row.scoreChange, 3, true),
    psnr: row.psnr === null ? '—' : `${formatNumber(row.psnr, 2)} dB`,
    linf: row.linf === null ? '—' : `${formatNumber(row.linf * 255, 1)}/255`,
    current: row.run.id === currentRunId,
  }));
}

const EVERY_RUN_QUERY = `query ImageUnderEveryRun($imageId: ID!) {
  imageUnderEveryRun(imageId: $imageId) {
    id cleanScore attackedScore scoreChange psnr linf adversarialUrl
    run { id name attackId status createdAt budgetEpsilon model { name } }
  }
}`;

/** Every run of the team with this image (newest first, as the API orders them). */
export async function fetchImageUnderEveryRun(imageId: string, currentRunId: string): Promise<Loaded<ImageRunRowView[]>> {
  const result = await graphql(EVERY_RUN_QUERY, { imageId }, everyRunWire, { from: imagePairHref(currentRunId, imageId) });
  if (!result.ok) return { kind: 'error', message: result.error.message };
  return { kind: 'ok', view: toImageRunRows(result.data.imageUnderEveryRun, imageId, currentRunId) };
}

// ---------------------------------------------------------------------------------------------------
// The image's comments, newest first, each with a permalink to the view it was written at

const commentWire = z.object({
  id: z.string(),
  body: z.string(),
  step: z.number().nullable(),
  view: z.object({ z: z.number(), cx: z.number(), cy: z.number() }).nullable(),
  createdAt: z.string(),
  author: z.object({ name: z.string() }),
});
const commentsWire = z.object({ comments: z.object({ totalCount: z.number(), edges: z.array(z.object({ node: commentWire })) }) });

export interface PinnedCommentView {
  id: string;
  author: string;
  body: string;
  createdAt: string;
  createdLabel: string;
  step: number | null;
  /** The view the comment was written at (null: the fit view). */
  view: PairViewport | null;
  viewLabel: string | null;
  /** This comment at the exact view it was written at: `/runs/R/images/I?z=…&cx=…&cy=…#comment-ID`. */
  permalink: string;
}

export interface PinnedCommentsView {
  comments: PinnedCommentView[];
  totalCount: number;
}

/** `table`: the sort and filter the page was opened with, kept on the permalink so next / previous still follow them. */
export function toPinnedComment(runId: string, imageId: string, node: z.infer<typeof commentWire>, table: ImageTableQuery = {}): PinnedCommentView {
  const view = node.view ? clampViewport(node.view) : null;
  const body = node.body;
  const base = imagePairHref(runId, imageId, table);
  const params = new URLSearchParams(view ? viewportEntries(view) : []).toString();
  return {
    id: node.id,
    author: node.author.name,
    body,
    createdAt: node.createdAt,
    createdLabel: formatDateTime(node.createdAt),
    step: node.step,
    view,
    viewLabel: view ? `×${formatNumber(view.z, view.z % 1 === 0 ? 0 : 2)}, centre (${formatNumber(view.cx, 2)}, ${formatNumber(view.cy, 2)})` : null,
    permalink: `${base}${params ? `${base.includes('?') ? '&' : '?'}${params}` : ''}#comment-${encodeURIComponent(node.id)}`,
  };
}

const COMMENTS_QUERY = `query ImageComments($runId: ID!, $imageId: ID!, $first: Int) {
  comments(runId: $runId, imageId: $imageId, order: NEWEST_FIRST, first: $first) { totalCount edges { node { id body step view { z cx cy } createdAt author { name } } } }
}`;

export async function fetchPinnedComments(runId: string, imageId: string, table: ImageTableQuery = {}): Promise<Loaded<PinnedCommentsView>> {
  const result = await graphql(COMMENTS_QUERY, { runId, imageId, first: COMMENTS_PAGE_SIZE }, commentsWire, { from: imagePairHref(runId, imageId) });
  if (!result.ok) return { kind: 'error', message: result.error.message };
  return { kind: 'ok', view: { comments: result.data.comments.edges.map((edge) => toPinnedComment(runId, imageId, edge.node, table)), totalCount: result.data.comments.totalCount } };
}
