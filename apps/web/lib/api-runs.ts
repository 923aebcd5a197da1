import { redirect } from 'next/navigation';
import { z } from 'zod';
import {
  graphql,
  imagePairHref,
  postGraphql,
  readGraphqlBody,
  readSession,
  signInHref,
  toImageResultsVariables,
  toImageRow,
  toMetricCards,
  type ApiResult,
  type ImageRowView,
  type ImageTableQuery,
  type Loaded,
  type MetricCardView,
  type RunAttackView,
  type RunStatus,
} from './api';
import { formatNumber } from './format';
import { discordantPairs } from './rank-pairs';
import { LIVE_RUN_FIELDS, liveRunWire, toLiveProgress, type LiveProgressView } from './run-live';

/**
 * The run pages' queries beyond lib/api.ts (charts, live progress, sweeps, comparison, the windowed image table):
 * GraphQL through lib/api's transport, wire types parsed with zod and reshaped into view types here.
 */

const statusWire = z.enum(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED']);
const pageInfoWire = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });
const metricWire = z.object({ name: z.string(), reference: z.string(), value: z.number(), ciLow: z.number().nullable(), ciHigh: z.number().nullable() });

// ---------------------------------------------------------------------------------------------------
// Live progress (the first state the live leaf shows before its first event)

const liveQueryWire = z.object({ run: liveRunWire.nullable() });

export async function fetchLiveProgress(runId: string): Promise<LiveProgressView | null> {
  const result = await graphql(`query RunLive($id: ID!) { run(id: $id) { ${LIVE_RUN_FIELDS} } }`, { id: runId }, liveQueryWire, { from: `/runs/${runId}` });
  return result.ok && result.data.run ? toLiveProgress(result.data.run, Date.now()) : null;
}

// ---------------------------------------------------------------------------------------------------
// Run charts: clean vs attacked (with the discordant pairs), target vs achieved, score-change histogram

const pointNodeWire = z.object({ image: z.object({ id: z.string(), key: z.string(), mos: z.number() }), cleanScore: z.number().nullable(), attackedScore: z.number().nullable(), targetScore: z.number().nullable() });
const pointsPageWire = z.object({ imageResults: z.object({ totalCount: z.number(), pageInfo: pageInfoWire, edges: z.array(z.object({ node: pointNodeWire })) }) });
const histogramWire = z.object({ run: z.object({ scoreChangeHistogram: z.object({ min: z.number().nullable(), max: z.number().nullable(), bins: z.array(z.object({ lower: z.number(), upper: z.number(), count: z.number() })) }) }).nullable() });

export interface ChartPoint {
  imageId: string;
  key: string;
  href: string;
  mos: number;
  clean: number;
  attacked: number;
  target: number | null;
}

export interface PairView {
  a: ChartPoint;
  b: ChartPoint;
  /** Share of the rank covariance, for the table ("0.012"). */
  strength: string;
}

export interface HistogramBarView {
  lower: number;
  upper: number;
  mid: number;
  count: number;
  label: string;
}

export interface RunChartsView {
  points: ChartPoint[];
  /** Images the run has; `points` may hold fewer (not scored yet, or beyond the cap). */
  totalResults: number;
  truncated: boolean;
  discordant: { pairs: PairView[]; total: number };
  /** Points with an SMA target score (empty for attacks without targets). */
  targets: ChartPoint[];
  histogram: HistogramBarView[];
}

/** Most points the charts read (the API's pages of 100), and most discordant pairs drawn. */
export const MAX_CHART_POINTS = 1_000;
export const MAX_DISCORDANT_PAIRS = 20;

export function toChartPoints(runId: string, nodes: ReadonlyArray<z.infer<typeof pointNodeWire>>): ChartPoint[] {
  const points: ChartPoint[] = [];
  for (const node of nodes) {
    if (node.cleanScore === null || node.attackedScore === null) continue;
    points.push({ imageId: node.image.id, key: node.image.key, href: imagePairHref(runId, node.image.id), mos: node.image.mos, clean: node.cleanScore, attacked: node.attackedScore, target: node.targetScore });
  }
  return points;
}

export function toHistogramBars(bins: ReadonlyArray<{ lower: number; upper: number; count: number }>): HistogramBarView[] {
  // Every image changed by the same amount: the API's bins all have zero width; one bar says it.
  const first = bins[0];
  const last = bins[bins.length - 1];
  if (first && last && first.lower === last.upper) bins = [{ lower: first.lower, upper: last.upper, count: bins.reduce((sum, bin) => sum + bin.count, 0) }];
  return bins.map((bin) => ({ ...bin, mid: (bin.lower + bin.upper) / 2, label: `${formatNumber(bin.lower, 2, true)} … ${formatNumber(bin.upper, 2, true)}` }));
}

export function toRunCharts(runId: string, nodes: ReadonlyArray<z.infer<typeof pointNodeWire>>, totalResults: number, truncated: boolean, bins: ReadonlyArray<{ lower: number; upper: number; count: number }>): RunChartsView {
  const points = toChartPoints(runId, nodes);
  const found = discordantPairs(points, MAX_DISCORDANT_PAIRS);
  return {
    points,
    totalResults,
    truncated,
    discordant: { pairs: found.pairs.map((pair) => ({ a: points[pair.a]!, b: points[pair.b]!, strength: formatNumber(pair.strength, 3) })), total: found.total },
    targets: points.filter((point) => point.target !== null),
    histogram: toHistogramBars(bins),
  };
}

const POINTS_QUERY = `query RunChartPoints($runId: ID!, $after: String) {
  imageResults(runId: $runId, first: 100, after: $after, orderBy: { field: KEY, direction: ASC }) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { image { id key mos } cleanScore attackedScore targetScore } }
  }
}`;

/** Every scored image of a run (up to MAX_CHART_POINTS, key order), for the scatter plots. */
async function fetchPointNodes(runId: string, from: string): Promise<Loaded<{ nodes: Array<z.infer<typeof pointNodeWire>>; total: number; truncated: boolean }>> {
  const nodes: Array<z.infer<typeof pointNodeWire>> = [];
  let after: string | null = null;
  let total = 0;
  while (nodes.length < MAX_CHART_POINTS) {
    const result: ApiResult<z.infer<typeof pointsPageWire>> = await graphql(POINTS_QUERY, { runId, after }, pointsPageWire, { from });
    if (!result.ok) return { kind: 'error', message: result.error.message };
    total = result.data.imageResults.totalCount;
    nodes.push(...result.data.imageResults.edges.map((edge) => edge.node));
    after = result.data.imageResults.pageInfo.hasNextPage ? result.data.imageResults.pageInfo.endCursor : null;
    if (!after) return { kind: 'ok', view: { nodes, total, truncated: false } };
  }
  return { kind: 'ok', view: { nodes, total, truncated: true } };
}

export async function fetchRunCharts(runId: string): Promise<Loaded<RunChartsView>> {
  const from = `/runs/${runId}`;
  const [points, histogram] = await Promise.all([
    fetchPointNodes(runId, from),
    graphql('query RunHistogram($id: ID!) { run(id: $id) { scoreChangeHistogram(bins: 20) { min max bins { lower upper count } } } }', { id: runId }, histogramWire, { from }),
  ]);
  if (points.kind === 'error') return points;
  if (!histogram.ok) return { kind: 'error', message: histogram.error.message };
  return { kind: 'ok', view: toRunCharts(runId, points.view.nodes, points.view.total, points.view.truncated, histogram.data.run?.scoreChangeHistogram.bins ?? []) };
}

// ---------------------------------------------------------------------------------------------------
// The windowed image table's pages (fetched by the browser through /runs/[id]/rows)

export const ROWS_PAGE_SIZE = 100;
const rowNodeWire = z.object({
  id: z.string(),
  image: z.object({ id: z.string(), key: z.string(), mos: z.number() }),
  cleanScore: z.number().nullable(),
  attackedScore: z.number().nullable(),
  scoreChange: z.number().nullable(),
  rankMoved: z.number().nullable().optional(),
});
const rowsPageWire = z.object({ imageResults: z.object({ totalCount: z.number(), pageInfo: pageInfoWire, edges: z.array(z.object({ node: rowNodeWire })) }) });

export interface RowsPageView {
  rows: ImageRowView[];
  total: number;
  nextCursor: string | null;
}

const ROWS_QUERY = `query RunRows($runId: ID!, $filter: ImageResultFilter, $orderBy: ImageResultOrder, $after: String) {
  imageResults(runId: $runId, first: ${ROWS_PAGE_SIZE}, filter: $filter, orderBy: $orderBy, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id image { id key mos } cleanScore attackedScore scoreChange rankMoved } }
  }
}`;

/** One page of the table under the view's filters and order (the cursor comes from the previous page). No redirects: the route answers JSON. */
export async function fetchRowsPage(runId: string, query: ImageTableQuery, after: string | null): Promise<{ ok: true; page: RowsPageView } | { ok: false; status: number; message: string }> {
  const session = await readSession();
  if (!session) return { ok: false, status: 401, message: 'Sign in to read this run.' };
  const variables = { runId, ...toImageResultsVariables({ ...query, after: undefined }), after };
  const raw = await postGraphql(ROWS_QUERY, variables, session);
  const result = raw.ok ? readGraphqlBody(raw.data.body, rowsPageWire) : raw;
  if (!result.ok) {
    const status = result.error.code === 'UNAUTHENTICATED' ? 401 : result.error.code === 'NOT_FOUND' ? 404 : result.error.code === 'BAD_USER_INPUT' ? 400 : 502;
    return { ok: false, status, message: result.error.message };
  }
  const { imageResults } = result.data;
  return {
    ok: true,
    page: {
      rows: imageResults.edges.map((edge) => toImageRow(runId, edge.node, query)),
      total: imageResults.totalCount,
      nextCursor: imageResults.pageInfo.hasNextPage ? imageResults.pageInfo.endCursor : null,
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Sweeps

const sweepPointWire = z.object({
  value: z.number().nullable(),
  status: statusWire,
  run: z.object({ id: z.string(), name: z.string().nullable() }),
  sroccCleanAttacked: z.number().nullable(),
  sroccMosAttacked: z.number().nullable(),
  meanAbsScoreChange: z.number().nullable(),
  psnrMean: z.number().nullable(),
  rRobustness: z.number().nullable(),
});
const sweepWire = z.object({
  sweep: z
    .object({
      id: z.string(),
      name: z.string().nullable(),
      attackId: z.string(),
      parameter: z.string(),
      values: z.array(z.number()),
      createdAt: z.string(),
      runs: z.array(z.object({ id: z.string(), model: z.object({ name: z.string() }), dataset: z.object({ name: z.string(), version: z.string() }) })),
      curve: z.array(sweepPointWire),
    })
    .nullable(),
});

export interface SweepPointView {
  value: number | null;
  valueLabel: string;
  runId: string;
  runHref: string;
  runName: string;
  status: RunStatus;
  sroccCleanAttacked: number | null;
  sroccMosAttacked: number | null;
  meanAbsScoreChange: number | null;
  psnrMean: number | null;
  cells: { sroccCleanAttacked: string; sroccMosAttacked: string; meanAbsScoreChange: string; psnrMean: string };
}

export interface SweepView {
  id: string;
  title: string;
  attackId: string;
  parameter: string;
  model: string | null;
  dataset: string | null;
  points: SweepPointView[];
  finished: number;
  active: boolean;
}

export function toSweep(sweep: NonNullable<z.infer<typeof sweepWire>['sweep']>): SweepView {
  const cell = (value: number | null, digits: number) => (value === null ? '—' : formatNumber(value, digits));
  const first = sweep.runs[0];
  const points = sweep.curve.map((point) => ({
    value: point.value,
    valueLabel: point.value === null ? '—' : String(point.value),
    runId: point.run.id,
    runHref: `/runs/${encodeURIComponent(point.run.id)}`,
    runName: point.run.name ?? `Run ${point.run.id.slice(-6)}`,
    status: point.status,
    sroccCleanAttacked: point.sroccCleanAttacked,
    sroccMosAttacked: point.sroccMosAttacked,
    meanAbsScoreChange: point.meanAbsScoreChange,
    psnrMean: point.psnrMean,
    cells: { sroccCleanAttacked: cell(point.sroccCleanAttacked, 3), sroccMosAttacked: cell(point.sroccMosAttacked, 3), meanAbsScoreChange: cell(point.meanAbsScoreChange, 2), psnrMean: point.psnrMean === null ? '—' : `${formatNumber(point.psnrMean, 1)} dB` },
  }));
  return {
    id: sweep.id,
    title: sweep.name ?? `${sweep.attackId.toUpperCase()} over ${sweep.parameter}`,
    attackId: sweep.attackId,
    parameter: sweep.parameter,
    model: first?.model.name ?? null,
    dataset: first ? `${first.dataset.name} ${first.dataset.version}` : null,
    points,
    finished: points.filter((p) => p.status === 'SUCCEEDED').length,
    active: points.some((p) => p.status === 'QUEUED' || p.status === 'RUNNING'),
  };
}

const SWEEP_QUERY = `query Sweep($id: ID!) {
  sweep(id: $id) {
    id name attackId parameter values createdAt
    runs { id model { name } dataset { name version } }
    curve { value status run { id name } sroccCleanAttacked sroccMosAttacked meanAbsScoreChange psnrMean rRobustness }
  }
}`;

export async function fetchSweep(id: string): Promise<Loaded<SweepView> | { kind: 'missing' }> {
  const result = await graphql(SWEEP_QUERY, { id }, sweepWire, { from: `/sweeps/${id}` });
  if (!result.ok) return { kind: 'error', message: result.error.message };
  if (!result.data.sweep) return { kind: 'missing' };
  return { kind: 'ok', view: toSweep(result.data.sweep) };
}

/**
 * The numeric config fields a sweep can vary, with their paper defaults: the attack's top-level fields, or its
 * stage-2 group where it has one (the run engine sets a swept SMA value in stage 2).
 */
export function sweepParameters(attack: RunAttackView): Array<{ name: string; label: string; paperDefault: string }> {
  const group = attack.groups.find((g) => g.key === 'stage2') ?? attack.groups.find((g) => g.key === null);
  return (group?.fields ?? []).filter((field) => field.kind === 'number' || field.kind === 'integer').map((field) => ({ name: field.path[field.path.length - 1] ?? field.name, label: field.label, paperDefault: field.paperDefault }));
}

/** The sweep form's budget values: "0.001, 0.002 0.004" → numbers (2 to 12, finite, positive, distinct), or what is wrong. */
export function parseSweepValues(text: string): { ok: true; values: number[] } | { ok: false; message: string } {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.length < 2) return { ok: false, message: 'Give at least two budget values, separated by commas.' };
  if (parts.length > 12) return { ok: false, message: 'At most 12 budget values per sweep.' };
  const values: number[] = [];
  for (const part of parts) {
    const value = Number(part);
    if (!Number.isFinite(value) || value <= 0) return { ok: false, message: `“${part}” is not a positive number.` };
    if (values.includes(value)) return { ok: false, message: `${part} is given twice.` };
    values.push(value);
  }
  return { ok: true, values };
}

export interface CreateSweepInput {
  teamId: string;
  name?: string;
  modelId: string;
  datasetId: string;
  split?: 'TRAIN' | 'VAL' | 'TEST';
  attackId: string;
  parameter: string;
  values: number[];
}

export type CreateSweepOutcome = { ok: true; sweepId: string } | { ok: false; message: string; field: string | null };

const createSweepWire = z.object({ createSweep: z.object({ sweep: z.object({ id: z.string() }) }) });
const errorFieldWire = z.object({ errors: z.array(z.object({ extensions: z.object({ code: z.string().optional(), field: z.string().optional() }).loose().optional() })).min(1) }).loose();

export function toCreateSweepOutcome(body: unknown): CreateSweepOutcome {
  const result = readGraphqlBody(body, createSweepWire);
  if (result.ok) return { ok: true, sweepId: result.data.createSweep.sweep.id };
  const extensions = errorFieldWire.safeParse(body).data?.errors[0]?.extensions;
  return { ok: false, message: result.error.message, field: extensions?.code === 'BAD_USER_INPUT' && extensions.field ? extensions.field : null };
}

export async function createSweep(input: CreateSweepInput): Promise<CreateSweepOutcome> {
  const raw = await postGraphql('mutation CreateSweep($input: CreateSweepInput!) { createSweep(input: $input) { sweep { id } } }', { input }, await readSession());
  if (!raw.ok) return { ok: false, message: raw.error.message, field: null };
  const outcome = toCreateSweepOutcome(raw.data.body);
  if (!outcome.ok && /UNAUTHENTICATED/.test(JSON.stringify(raw.data.body))) redirect(signInHref('/sweeps/new'));
  return outcome;
}

// ---------------------------------------------------------------------------------------------------
// Comparison of 2–4 runs

export const MAX_COMPARED_RUNS = 4;
export const MAX_COMMON_ROWS = 100;

/** `?runs=a,b,c` (or repeated `run=` from the runs list's checkboxes): 2–4 distinct run ids, or what is wrong. */
export function parseCompareQuery(searchParams: Record<string, string | string[] | undefined>): { ok: true; ids: string[]; canonical: boolean } | { ok: false; message: string; ids: string[] } {
  const list = (key: string) => {
    const value = searchParams[key];
    return (Array.isArray(value) ? value : value ? [value] : []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  };
  const fromRun = list('run');
  const ids = [...new Set([...list('runs'), ...fromRun])];
  const bad = ids.find((id) => !/^[A-Za-z0-9_-]{1,64}$/.test(id));
  if (bad) return { ok: false, message: `“${bad.slice(0, 80)}” is not a run id.`, ids: [] };
  if (ids.length < 2) return { ok: false, message: 'Pick at least two runs to compare (tick them in the runs list).', ids };
  if (ids.length > MAX_COMPARED_RUNS) return { ok: false, message: `Compare at most ${MAX_COMPARED_RUNS} runs at once (${ids.length} picked).`, ids: ids.slice(0, MAX_COMPARED_RUNS) };
  return { ok: true, ids, canonical: fromRun.length === 0 && !Array.isArray(searchParams['runs']) };
}

export function compareHref(ids: readonly string[]): string {
  return `/compare?runs=${ids.map(encodeURIComponent).join(',')}`;
}

const compareRunWire = z.object({
  run: z
    .object({
      id: z.string(),
      name: z.string().nullable(),
      status: statusWire,
      attackId: z.string(),
      budgetEpsilon: z.number().nullable(),
      model: z.object({ name: z.string(), lowerBetter: z.boolean(), scoreMin: z.number(), scoreMax: z.number() }),
      dataset: z.object({ id: z.string(), name: z.string(), version: z.string(), lowerBetter: z.boolean() }),
      metrics: z.array(metricWire),
    })
    .nullable(),
});

export interface ComparedRunView {
  id: string;
  href: string;
  title: string;
  subtitle: string;
  status: RunStatus;
  cards: MetricCardView[];
  points: ChartPoint[];
  truncated: boolean;
  scoreRange: [number, number];
  mosLabel: string;
}

export interface CommonRowView {
  imageId: string;
  key: string;
  mos: string;
  /** Δ score per compared run, in the runs' order. */
  deltas: string[];
}

export interface CompareView {
  runs: ComparedRunView[];
  /** Images scored by every run (`rows` holds the first MAX_COMMON_ROWS, largest spread of Δ first). */
  commonCount: number;
  rows: CommonRowView[];
  sameDataset: boolean;
}

export function toCommonRows(runs: ReadonlyArray<{ points: readonly ChartPoint[] }>): { count: number; rows: CommonRowView[] } {
  const maps = runs.map((run) => new Map(run.points.map((p) => [p.imageId, p])));
  const [first, ...rest] = maps;
  if (!first) return { count: 0, rows: [] };
  const common = [...first.values()].filter((p) => rest.every((m) => m.has(p.imageId)));
  const rows = common.map((p) => {
    const deltas = maps.map((m) => {
      const q = m.get(p.imageId)!;
      return q.attacked - q.clean;
    });
    return { point: p, deltas, spread: Math.max(...deltas) - Math.min(...deltas) };
  });
  rows.sort((x, y) => y.spread - x.spread || x.point.key.localeCompare(y.point.key));
  return {
    count: common.length,
    rows: rows.slice(0, MAX_COMMON_ROWS).map((row) => ({ imageId: row.point.imageId, key: row.point.key, mos: formatNumber(row.point.mos, 2), deltas: row.deltas.map((d) => formatNumber(d, 3, true)) })),
  };
}

const COMPARE_RUN_QUERY = `query CompareRun($id: ID!) {
  run(id: $id) { id name status attackId budgetEpsilon model { name lowerBetter scoreMin scoreMax } dataset { id name version lowerBetter } metrics { name reference value ciLow ciHigh } }
}`;

export async function fetchCompare(ids: readonly string[]): Promise<Loaded<CompareView> | { kind: 'missing'; id: string }> {
  const from = compareHref(ids);
  const loaded = await Promise.all(
    ids.map(async (id) => {
      const [run, points] = await Promise.all([graphql(COMPARE_RUN_QUERY, { id }, compareRunWire, { from }), fetchPointNodes(id, from)]);
      return { id, run, points };
    }),
  );
  const runs: ComparedRunView[] = [];
  const datasets = new Set<string>();
  for (const { id, run, points } of loaded) {
    if (!run.ok) return run.error.code === 'NOT_FOUND' ? { kind: 'missing', id } : { kind: 'error', message: run.error.message };
    if (!run.data.run) return { kind: 'missing', id };
    if (points.kind === 'error') return points;
    const r = run.data.run;
    datasets.add(r.dataset.id);
    runs.push({
      id: r.id,
      href: `/runs/${encodeURIComponent(r.id)}`,
      title: r.name ?? `${r.attackId.toUpperCase()} on ${r.model.name}`,
      subtitle: `${r.attackId} · ${r.model.name} · ${r.dataset.name} ${r.dataset.version}${r.budgetEpsilon === null ? '' : ` · ε ${formatNumber(r.budgetEpsilon, 4)}`}`,
      status: r.status,
      cards: toMetricCards(r.metrics, { modelLowerBetter: r.model.lowerBetter, labelsLowerBetter: r.dataset.lowerBetter }),
      points: toChartPoints(r.id, points.view.nodes),
      truncated: points.view.truncated,
      scoreRange: [r.model.scoreMin, r.model.scoreMax],
      mosLabel: r.dataset.lowerBetter ? 'DMOS' : 'MOS',
    });
  }
  const common = toCommonRows(runs);
  return { kind: 'ok', view: { runs, commonCount: common.count, rows: common.rows, sameDataset: datasets.size === 1 } };
}
