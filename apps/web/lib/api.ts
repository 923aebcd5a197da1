import { cookies } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { z } from 'zod';
import { toConfigForm, type ConfigGroup } from './config-form';
import { formatDateTime, formatNumber, formatPercent } from './format';

/**
 * The dashboard's only door to the API (STYLE.md §14): GraphQL over HTTP from the server, the browser's
 * `rankfall_session` cookie forwarded, wire types parsed with zod and reshaped into view types here.
 * Pages never see a wire type; the reshaping functions are pure and tested beside this file.
 */
export const SESSION_COOKIE = 'rankfall_session';

export const apiUrl = (): string => process.env['RANKFALL_API_URL'] ?? 'http://127.0.0.1:4000/graphql';

/** The API's origin (its artifact routes live there, beside /graphql). */
export const apiOrigin = (): string => new URL(apiUrl()).origin;

// ---------------------------------------------------------------------------------------------------
// Transport

const graphqlErrorWire = z.object({ message: z.string(), extensions: z.object({ code: z.string().optional() }).loose().optional() });
const envelopeWire = z.object({ data: z.unknown().optional(), errors: z.array(graphqlErrorWire).optional() });

export type ApiFailure = { code: string; message: string };
export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiFailure };

/** One GraphQL answer (its body, whatever the HTTP status) reshaped into data of `schema` or the first coded error. */
export function readGraphqlBody<T>(body: unknown, schema: z.ZodType<T>): ApiResult<T> {
  const envelope = envelopeWire.safeParse(body);
  if (!envelope.success) return { ok: false, error: { code: 'BAD_RESPONSE', message: 'The API sent an answer that is not GraphQL.' } };
  const first = envelope.data.errors?.[0];
  if (first) return { ok: false, error: { code: first.extensions?.code ?? 'INTERNAL_SERVER_ERROR', message: first.message } };
  const data = schema.safeParse(envelope.data.data);
  if (!data.success) {
    const issue = data.error.issues[0];
    return { ok: false, error: { code: 'BAD_RESPONSE', message: `The API's answer did not have the expected shape (${issue?.path.join('.') || 'data'}: ${issue?.message ?? 'invalid'}).` } };
  }
  return { ok: true, data: data.data };
}

export interface RawGraphqlResponse {
  body: unknown;
  setCookies: string[];
}

/** POSTs one operation to the API. `session` is the session cookie's value to forward, if any. */
export async function postGraphql(query: string, variables: Record<string, unknown>, session: string | undefined): Promise<ApiResult<RawGraphqlResponse>> {
  try {
    const response = await fetch(apiUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(session ? { cookie: `${SESSION_COOKIE}=${encodeURIComponent(session)}` } : {}) },
      body: JSON.stringify({ query, variables }),
      cache: 'no-store',
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return { ok: false, error: { code: 'BAD_RESPONSE', message: `The API answered HTTP ${response.status} without JSON.` } };
    }
    return { ok: true, data: { body, setCookies: response.headers.getSetCookie() } };
  } catch (error) {
    return { ok: false, error: { code: 'API_UNREACHABLE', message: `The API is not reachable at ${apiUrl()} (${error instanceof Error ? error.message : String(error)}).` } };
  }
}

export async function readSession(): Promise<string | undefined> {
  return (await cookies()).get(SESSION_COOKIE)?.value || undefined;
}

/**
 * The page-side helper: forwards the session, parses `schema`, and maps the error codes once —
 * UNAUTHENTICATED → /sign-in (back to `from` afterwards), NOT_FOUND → the not-found page, anything else
 * comes back as an error the page shows with its message.
 */
export async function graphql<T>(query: string, variables: Record<string, unknown>, schema: z.ZodType<T>, options: { from?: string } = {}): Promise<ApiResult<T>> {
  const raw = await postGraphql(query, variables, await readSession());
  const result = raw.ok ? readGraphqlBody(raw.data.body, schema) : raw;
  if (!result.ok && result.error.code === 'UNAUTHENTICATED') redirect(signInHref(options.from));
  if (!result.ok && result.error.code === 'NOT_FOUND') notFound();
  return result;
}

/** `/sign-in`, with where to go back to when that is a local path. */
export function signInHref(from: string | undefined): string {
  const next = safeNextPath(from);
  return next === '/runs' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`;
}

/** A local path to continue to after signing in; anything else (absolute or protocol-relative URLs) → /runs. */
export function safeNextPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return '/runs';
  return value;
}

// ---------------------------------------------------------------------------------------------------
// Health (the home page)

const healthWire = z.object({ data: z.object({ health: z.object({ ok: z.boolean(), version: z.string(), database: z.boolean() }) }) });

export type ApiStatus = { state: 'up'; version: string; database: boolean } | { state: 'down'; reason: string };

/** Reshapes a health response (or the failure to get one) into what the page shows. */
export function toApiStatus(result: { ok: true; body: unknown } | { ok: false; error: string }): ApiStatus {
  if (!result.ok) return { state: 'down', reason: result.error };
  const parsed = healthWire.safeParse(result.body);
  if (!parsed.success) return { state: 'down', reason: 'unexpected response from the API' };
  const { health } = parsed.data.data;
  return { state: 'up', version: health.version, database: health.database };
}

export async function fetchApiStatus(signal?: AbortSignal): Promise<ApiStatus> {
  try {
    const response = await fetch(apiUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ health { ok version database } }' }),
      cache: 'no-store',
      signal: signal ?? AbortSignal.timeout(3_000),
    });
    if (!response.ok) return toApiStatus({ ok: false, error: `API answered HTTP ${response.status}` });
    return toApiStatus({ ok: true, body: await response.json() });
  } catch (error) {
    return toApiStatus({ ok: false, error: `API not reachable at ${apiUrl()} (${error instanceof Error ? error.message : String(error)})` });
  }
}

// ---------------------------------------------------------------------------------------------------
// Auth

export interface SessionCookie {
  value: string;
  maxAge?: number;
  expires?: Date;
  secure: boolean;
}

/** The session cookie the API set (its Set-Cookie headers), to be re-set on the dashboard's origin. */
export function sessionFromSetCookie(headers: readonly string[]): SessionCookie | null {
  for (const header of headers) {
    const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
    const eq = pair.indexOf('=');
    if (eq < 0 || pair.slice(0, eq) !== SESSION_COOKIE) continue;
    let value: string;
    try {
      value = decodeURIComponent(pair.slice(eq + 1));
    } catch {
      continue;
    }
    if (!value) continue;
    const cookie: SessionCookie = { value, secure: false };
    for (const attribute of attributes) {
      const [rawName = '', ...rest] = attribute.split('=');
      const name = rawName.toLowerCase();
      const attributeValue = rest.join('=');
      if (name === 'max-age' && /^\d+$/.test(attributeValue)) cookie.maxAge = Number(attributeValue);
      else if (name === 'expires' && !Number.isNaN(Date.parse(attributeValue))) cookie.expires = new Date(attributeValue);
      else if (name === 'secure') cookie.secure = true;
    }
    return cookie;
  }
  return null;
}

const authPayloadWire = (field: 'signIn' | 'signUp') => z.object({ [field]: z.object({ user: z.object({ id: z.string(), name: z.string(), email: z.string() }) }) });

export type AuthOutcome = { ok: true; session: SessionCookie } | { ok: false; message: string; field?: string };

/** Signs in or up at the API (no cookie forwarded) and returns the session cookie it set. */
export async function authenticate(mode: 'signIn' | 'signUp', input: { email: string; password: string; name?: string }): Promise<AuthOutcome> {
  const query =
    mode === 'signIn'
      ? 'mutation SignIn($email: String!, $password: String!) { signIn(email: $email, password: $password) { user { id name email } } }'
      : 'mutation SignUp($email: String!, $name: String!, $password: String!) { signUp(email: $email, name: $name, password: $password) { user { id name email } } }';
  const raw = await postGraphql(query, input, undefined);
  if (!raw.ok) return { ok: false, message: raw.error.message };
  return toAuthOutcome(readGraphqlBody(raw.data.body, authPayloadWire(mode)), raw.data.setCookies);
}

export function toAuthOutcome(result: ApiResult<unknown>, setCookies: readonly string[]): AuthOutcome {
  if (!result.ok) {
    const field = /^Invalid (email|name|password)\b/.exec(result.error.message)?.[1];
    return { ok: false, message: result.error.message, ...(field ? { field } : {}) };
  }
  const session = sessionFromSetCookie(setCookies);
  if (!session) return { ok: false, message: 'The API accepted the credentials but set no session cookie.' };
  return { ok: true, session };
}

/** Ends the session at the API (best effort: the dashboard's cookie is cleared either way). */
export async function endSession(session: string | undefined): Promise<void> {
  if (session) await postGraphql('mutation SignOut { signOut }', {}, session);
}

// ---------------------------------------------------------------------------------------------------
// Viewer

const teamWire = z.object({ id: z.string(), slug: z.string(), name: z.string(), role: z.string() });
const viewerWire = z.object({ viewer: z.object({ user: z.object({ id: z.string(), name: z.string(), email: z.string() }), teams: z.array(teamWire) }).nullable() });

export interface ViewerView {
  name: string;
  email: string;
  teams: Array<{ id: string; slug: string; name: string; role: string }>;
}

const VIEWER_QUERY = 'query Viewer { viewer { user { id name email } teams { id slug name role } } }';

/** Who is signed in, for the top bar: null when nobody is (or the API cannot say). Never redirects. */
export async function fetchViewerOrNull(): Promise<ViewerView | null> {
  const session = await readSession();
  if (!session) return null;
  const raw = await postGraphql(VIEWER_QUERY, {}, session);
  const result = raw.ok ? readGraphqlBody(raw.data.body, viewerWire) : raw;
  if (!result.ok || !result.data.viewer) return null;
  return { name: result.data.viewer.user.name, email: result.data.viewer.user.email, teams: result.data.viewer.teams };
}

// ---------------------------------------------------------------------------------------------------
// Runs list

export const RUN_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
const runStatusWire = z.enum(RUN_STATUSES);

/** Attacks that run as runs (the run engine's registry, the API's `runAttacks`): the runs list's attack filter. */
/** Attacks a run can use (the API's runAttacks; UAP is not a run yet). Kept as a list for URL validation of the runs filter. */
export const RUN_ATTACKS = ['sma', 'fgsm', 'ifgsm', 'pgd', 'mifgsm', 'korhonen', 'zhang-perceptual', 'uap'] as const;

const runListNodeWire = z.object({
  id: z.string(),
  name: z.string().nullable(),
  status: runStatusWire,
  progress: z.number(),
  attackId: z.string(),
  createdAt: z.string(),
  model: z.object({ name: z.string() }),
  dataset: z.object({ name: z.string(), version: z.string() }),
  createdBy: z.object({ name: z.string() }).nullable(),
  sweep: z.object({ id: z.string() }).nullable().optional(),
});
const connectionWire = <T extends z.ZodType>(node: T) =>
  z.object({ totalCount: z.number(), pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }), edges: z.array(z.object({ node })) });
const runsWire = z.object({ team: z.object({ id: z.string(), slug: z.string(), name: z.string(), runs: connectionWire(runListNodeWire) }).nullable() });

export interface RunListItemView {
  id: string;
  href: string;
  name: string | null;
  model: string;
  dataset: { name: string; version: string };
  attack: string;
  status: RunStatus;
  progress: number;
  progressLabel: string;
  author: string;
  createdAt: string;
  createdLabel: string;
  /** The run's budget sweep page, when it belongs to one. */
  sweepHref: string | null;
}

export interface RunsPageView {
  team: { slug: string; name: string };
  runs: RunListItemView[];
  totalCount: number;
  nextCursor: string | null;
}

export function toRunListItem(node: z.infer<typeof runListNodeWire>): RunListItemView {
  return {
    id: node.id,
    href: `/runs/${encodeURIComponent(node.id)}`,
    name: node.name,
    model: node.model.name,
    dataset: { name: node.dataset.name, version: node.dataset.version },
    attack: node.attackId,
    status: node.status,
    progress: clamp01(node.progress),
    progressLabel: formatPercent(node.progress),
    author: node.createdBy?.name ?? '—',
    createdAt: node.createdAt,
    createdLabel: formatDateTime(node.createdAt),
    sweepHref: node.sweep ? `/sweeps/${encodeURIComponent(node.sweep.id)}` : null,
  };
}

export function toRunsPage(data: z.infer<typeof runsWire>): RunsPageView | null {
  if (!data.team) return null;
  return {
    team: { slug: data.team.slug, name: data.team.name },
    runs: data.team.runs.edges.map((edge) => toRunListItem(edge.node)),
    totalCount: data.team.runs.totalCount,
    nextCursor: data.team.runs.pageInfo.hasNextPage ? data.team.runs.pageInfo.endCursor : null,
  };
}

export interface RunsQuery {
  team?: string | undefined;
  status?: RunStatus | undefined;
  attack?: string | undefined;
  after?: string | undefined;
}

/** The runs page's URL query, validated: unknown values are dropped rather than sent to the API. */
export function parseRunsQuery(searchParams: Record<string, string | string[] | undefined>): RunsQuery {
  const one = (key: string) => {
    const value = searchParams[key];
    return (Array.isArray(value) ? value[0] : value) || undefined;
  };
  const status = runStatusWire.safeParse(one('status'));
  const attack = one('attack');
  const team = one('team');
  const after = one('after');
  return {
    ...(team && /^[A-Za-z0-9_-]{1,64}$/.test(team) ? { team } : {}),
    ...(status.success ? { status: status.data } : {}),
    ...(attack && (RUN_ATTACKS as readonly string[]).includes(attack) ? { attack } : {}),
    ...(after && after.length <= 1000 ? { after } : {}),
  };
}

/** The runs page's URL for a query (the permalink of a view). */
export function runsHref(query: RunsQuery): string {
  const params = new URLSearchParams();
  if (query.team) params.set('team', query.team);
  if (query.status) params.set('status', query.status);
  if (query.attack) params.set('attack', query.attack);
  if (query.after) params.set('after', query.after);
  const text = params.toString();
  return text ? `/runs?${text}` : '/runs';
}

const RUNS_QUERY = `query Runs($slug: String!, $filter: RunFilter, $after: String) {
  team(slug: $slug) {
    id slug name
    runs(filter: $filter, first: 25, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id name status progress attackId createdAt model { name } dataset { name version } createdBy { name } sweep { id } } }
    }
  }
}`;

export type RunsOutcome = { kind: 'no-team' } | { kind: 'error'; message: string } | { kind: 'ok'; viewer: ViewerView; page: RunsPageView };

export async function fetchRuns(query: RunsQuery): Promise<RunsOutcome> {
  const from = runsHref(query);
  const viewer = await graphql(VIEWER_QUERY, {}, viewerWire, { from });
  if (!viewer.ok) return { kind: 'error', message: viewer.error.message };
  if (!viewer.data.viewer) redirect(signInHref(from));
  const viewerView: ViewerView = { name: viewer.data.viewer.user.name, email: viewer.data.viewer.user.email, teams: viewer.data.viewer.teams };
  const team = viewerView.teams.find((t) => t.slug === query.team) ?? viewerView.teams[0];
  if (!team) return { kind: 'no-team' };
  const filter = { ...(query.status ? { status: [query.status] } : {}), ...(query.attack ? { attackId: query.attack } : {}) };
  const result = await graphql(RUNS_QUERY, { slug: team.slug, filter, after: query.after ?? null }, runsWire, { from });
  if (!result.ok) return { kind: 'error', message: result.error.message };
  const page = toRunsPage(result.data);
  if (!page) notFound();
  return { kind: 'ok', viewer: viewerView, page };
}

// ---------------------------------------------------------------------------------------------------
// Per-image table of a run (sort, filters and cursor from the URL: every view has a permalink)

export const IMAGE_PAGE_SIZE = 50;
export const IMAGE_ORDER_FIELDS = ['KEY', 'MOS', 'CLEAN_SCORE', 'ATTACKED_SCORE', 'SCORE_CHANGE', 'RANK_MOVED'] as const;
export type ImageOrderField = (typeof IMAGE_ORDER_FIELDS)[number];
export const VISIBILITIES = ['VISIBLE', 'NOT_VISIBLE', 'NOT_RATED'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export interface ImageTableQuery {
  sort?: ImageOrderField | undefined;
  dir?: 'asc' | 'desc' | undefined;
  mosMin?: number | undefined;
  mosMax?: number | undefined;
  /** |Δscore| > x */
  deltaGt?: number | undefined;
  /** |rank moved| > k */
  rankGt?: number | undefined;
  vis?: Visibility | undefined;
  after?: string | undefined;
}

/** The run page's URL query, validated: unknown or malformed values are dropped rather than sent to the API. */
export function parseImageTableQuery(searchParams: Record<string, string | string[] | undefined>): ImageTableQuery {
  const one = (key: string) => {
    const value = searchParams[key];
    return ((Array.isArray(value) ? value[0] : value) ?? '').trim() || undefined;
  };
  const num = (key: string) => {
    const text = one(key);
    const value = text === undefined ? NaN : Number(text);
    return Number.isFinite(value) ? value : undefined;
  };
  const sort = IMAGE_ORDER_FIELDS.find((f) => f === one('sort')?.toUpperCase());
  const dir = one('dir');
  const vis = VISIBILITIES.find((v) => v === one('vis'));
  const after = one('after');
  const query: ImageTableQuery = {
    ...(sort ? { sort } : {}),
    ...(dir === 'asc' || dir === 'desc' ? { dir } : {}),
    ...(num('mosMin') !== undefined ? { mosMin: num('mosMin') } : {}),
    ...(num('mosMax') !== undefined ? { mosMax: num('mosMax') } : {}),
    ...(num('deltaGt') !== undefined ? { deltaGt: num('deltaGt') } : {}),
    ...(num('rankGt') !== undefined ? { rankGt: num('rankGt') } : {}),
    ...(vis ? { vis } : {}),
    ...(after && after.length <= 1000 ? { after } : {}),
  };
  return query;
}

/** The run page's URL for a table view (`#images` so a sort or filter lands on the table). */
export function imagesHref(runId: string, query: ImageTableQuery, hash = false): string {
  const params = new URLSearchParams();
  if (query.sort && query.sort !== 'KEY') params.set('sort', query.sort);
  if (query.dir) params.set('dir', query.dir);
  if (query.mosMin !== undefined) params.set('mosMin', String(query.mosMin));
  if (query.mosMax !== undefined) params.set('mosMax', String(query.mosMax));
  if (query.deltaGt !== undefined) params.set('deltaGt', String(query.deltaGt));
  if (query.rankGt !== undefined) params.set('rankGt', String(query.rankGt));
  if (query.vis) params.set('vis', query.vis);
  if (query.after) params.set('after', query.after);
  const text = params.toString();
  return `/runs/${encodeURIComponent(runId)}${text ? `?${text}` : ''}${hash ? '#images' : ''}`;
}

/** An image's pair page with the table's sort and filters (no cursor), so next / previous follow the table. */
export function imagePairHref(runId: string, imageId: string, table: ImageTableQuery = {}): string {
  const text = imagesHref(runId, { ...table, after: undefined }).split('?')[1];
  return `/runs/${encodeURIComponent(runId)}/images/${encodeURIComponent(imageId)}${text ? `?${text}` : ''}`;
}

export function isFilteredTable(query: ImageTableQuery): boolean {
  return query.mosMin !== undefined || query.mosMax !== undefined || query.deltaGt !== undefined || query.rankGt !== undefined || query.vis !== undefined;
}

/** The view's sort and filters as the API's imageResults arguments. */
export function toImageResultsVariables(query: ImageTableQuery): { filter: Record<string, unknown> | null; orderBy: { field: ImageOrderField; direction: 'ASC' | 'DESC' }; after: string | null } {
  const mos = { ...(query.mosMin !== undefined ? { gte: query.mosMin } : {}), ...(query.mosMax !== undefined ? { lte: query.mosMax } : {}) };
  const filter = {
    ...(Object.keys(mos).length ? { mos } : {}),
    ...(query.deltaGt !== undefined ? { scoreChangeAbsGt: query.deltaGt } : {}),
    ...(query.rankGt !== undefined ? { rankMovedGt: query.rankGt } : {}),
    ...(query.vis ? { visibility: query.vis } : {}),
  };
  return { filter: Object.keys(filter).length ? filter : null, orderBy: { field: query.sort ?? 'KEY', direction: query.dir === 'desc' ? 'DESC' : 'ASC' }, after: query.after ?? null };
}

/** A column header's link: the same filters, this field ascending (descending when it already sorts ascending); page one. */
export function sortHref(runId: string, query: ImageTableQuery, field: ImageOrderField): string {
  const current = query.sort ?? 'KEY';
  const dir = current === field && query.dir !== 'desc' ? 'desc' : 'asc';
  return imagesHref(runId, { ...query, sort: field, dir, after: undefined }, true);
}

// ---------------------------------------------------------------------------------------------------
// Run detail

const metricWire = z.object({ name: z.string(), reference: z.string(), value: z.number(), ciLow: z.number().nullable(), ciHigh: z.number().nullable() });
const stageWire = z.object({ kind: z.string(), status: runStatusWire, progress: z.number(), summary: z.unknown().nullable() });
const stage1SummaryWire = z.object({
  images: z.number(),
  iterations: z.number(),
  sroccCleanTarget: z.number(),
  softSpearman: z.number().optional(),
  atLowerBound: z.number().optional(),
  atUpperBound: z.number().optional(),
  preset: z.string(),
  softRankEps: z.number(),
});
const imageRowWire = z.object({
  id: z.string(),
  image: z.object({ id: z.string(), key: z.string(), mos: z.number() }),
  cleanScore: z.number().nullable(),
  attackedScore: z.number().nullable(),
  scoreChange: z.number().nullable(),
  rankMoved: z.number().nullable().optional(),
});
const runDetailWire = z.object({
  run: z
    .object({
      id: z.string(),
      name: z.string().nullable(),
      status: runStatusWire,
      progress: z.number(),
      progressMessage: z.string().nullable(),
      attackId: z.string(),
      split: z.string().nullable(),
      budgetNorm: z.string().nullable(),
      budgetEpsilon: z.number().nullable(),
      errorMessage: z.string().nullable(),
      imageCount: z.number(),
      createdAt: z.string(),
      finishedAt: z.string().nullable(),
      model: z.object({ name: z.string(), lowerBetter: z.boolean(), scoreMin: z.number(), scoreMax: z.number() }),
      dataset: z.object({ name: z.string(), version: z.string(), lowerBetter: z.boolean() }),
      createdBy: z.object({ name: z.string() }).nullable(),
      stages: z.array(stageWire),
      metrics: z.array(metricWire),
      imageResults: connectionWire(imageRowWire),
    })
    .nullable(),
});
const pointsWire = z.object({ imageResults: connectionWire(imageRowWire) });

export interface MetricCardView {
  id: 'MOS_CLEAN' | 'MOS_ATTACKED' | 'CLEAN_ATTACKED';
  title: string;
  srocc: string;
  sroccCi: string | null;
  plcc: string;
  /** Set when a MOS correlation is shown sign-flipped (the model and the labels run in opposite directions). */
  note: string | null;
}

export type Stage1CheckView =
  | { state: 'pending'; status: RunStatus }
  | { state: 'unreadable' }
  | { state: 'done'; srocc: string; reversed: boolean; preset: string; softRankEps: string; iterations: number; images: number; atBounds: string | null };

export interface ImageRowView {
  imageId: string;
  key: string;
  href: string;
  mos: string;
  clean: string;
  attacked: string;
  delta: string;
  rankMoved: string;
}

export interface ScatterPoint {
  key: string;
  mos: number;
  clean: number;
  attacked: number;
}

export interface RunDetailView {
  id: string;
  title: string;
  status: RunStatus;
  active: boolean;
  progress: number;
  progressLabel: string;
  progressMessage: string | null;
  errorMessage: string | null;
  facts: Array<{ label: string; value: string }>;
  metricCards: MetricCardView[];
  stage1: Stage1CheckView | null;
  images: ImageRowView[];
  imageTotal: number;
  imagesNextCursor: string | null;
  scoreRange: [number, number];
  mosLabel: string;
}

const CARD_TITLES: Record<MetricCardView['id'], string> = { MOS_CLEAN: 'MOS ↔ clean', MOS_ATTACKED: 'MOS ↔ attacked', CLEAN_ATTACKED: 'clean ↔ attacked' };

/**
 * The three correlation cards. When the model's direction differs from the labels' (a DMOS-like model on MOS, or
 * the reverse), MOS correlations are shown sign-flipped with a note, so a good model reads positive everywhere.
 */
export function toMetricCards(metrics: ReadonlyArray<z.infer<typeof metricWire>>, directions: { modelLowerBetter: boolean; labelsLowerBetter: boolean } = { modelLowerBetter: false, labelsLowerBetter: false }): MetricCardView[] {
  const opposite = directions.modelLowerBetter !== directions.labelsLowerBetter;
  return (Object.keys(CARD_TITLES) as Array<MetricCardView['id']>).map((id) => {
    const sign = opposite && id.startsWith('MOS_') ? -1 : 1;
    const srocc = metrics.find((m) => m.reference === id && m.name === 'srocc');
    const plcc = metrics.find((m) => m.reference === id && m.name === 'plcc');
    const ci = srocc && srocc.ciLow !== null && srocc.ciHigh !== null ? [sign * srocc.ciLow, sign * srocc.ciHigh].sort((a, b) => a - b) : null;
    return {
      id,
      title: CARD_TITLES[id],
      srocc: srocc ? formatNumber(sign * srocc.value, 3) : '—',
      sroccCi: ci ? `${formatNumber(ci[0]!, 3)} … ${formatNumber(ci[1]!, 3)}` : null,
      plcc: plcc ? formatNumber(sign * plcc.value, 3) : '—',
      note: sign < 0 ? 'Sign flipped: the model and the labels run in opposite directions (lower score = better quality on one side).' : null,
    };
  });
}

/** SMA stage 1's check from the TARGETS stage: null for attacks without that stage. */
export function toStage1Check(stages: ReadonlyArray<z.infer<typeof stageWire>>): Stage1CheckView | null {
  const stage = stages.find((s) => s.kind === 'TARGETS');
  if (!stage) return null;
  if (stage.status !== 'SUCCEEDED') return { state: 'pending', status: stage.status };
  const summary = stage1SummaryWire.safeParse(stage.summary);
  if (!summary.success) return { state: 'unreadable' };
  const s = summary.data;
  const bounds = (s.atLowerBound ?? 0) + (s.atUpperBound ?? 0);
  return {
    state: 'done',
    srocc: formatNumber(s.sroccCleanTarget, 3),
    reversed: s.sroccCleanTarget < 0,
    preset: s.preset,
    softRankEps: formatNumber(s.softRankEps, 3),
    iterations: s.iterations,
    images: s.images,
    atBounds: bounds > 0 ? `${s.atLowerBound ?? 0} at the lower and ${s.atUpperBound ?? 0} at the upper score bound` : null,
  };
}

export function toImageRow(runId: string, node: z.infer<typeof imageRowWire>, table: ImageTableQuery = {}): ImageRowView {
  return {
    imageId: node.image.id,
    key: node.image.key,
    href: imagePairHref(runId, node.image.id, table),
    mos: formatNumber(node.image.mos, 2),
    clean: node.cleanScore === null ? '—' : formatNumber(node.cleanScore, 3),
    attacked: node.attackedScore === null ? '—' : formatNumber(node.attackedScore, 3),
    delta: node.scoreChange === null ? '—' : formatNumber(node.scoreChange, 3, true),
    rankMoved: node.rankMoved === null || node.rankMoved === undefined ? '—' : formatNumber(node.rankMoved, 1),
  };
}

export function toScatterPoints(nodes: ReadonlyArray<z.infer<typeof imageRowWire>>): ScatterPoint[] {
  const points: ScatterPoint[] = [];
  for (const node of nodes) {
    if (node.cleanScore === null || node.attackedScore === null) continue;
    points.push({ key: node.image.key, mos: node.image.mos, clean: node.cleanScore, attacked: node.attackedScore });
  }
  return points;
}

export function isActive(status: RunStatus): boolean {
  return status === 'QUEUED' || status === 'RUNNING';
}

export function toRunDetail(run: NonNullable<z.infer<typeof runDetailWire>['run']>, table: ImageTableQuery = {}): RunDetailView {
  const epsilon = run.budgetEpsilon === null ? '—' : `${formatNumber(run.budgetEpsilon, 4)}${run.budgetNorm ? ` (${run.budgetNorm})` : ''}${run.budgetEpsilon > 0 && run.budgetEpsilon < 1 ? ` ≈ ${formatNumber(run.budgetEpsilon * 255, 1)}/255` : ''}`;
  return {
    id: run.id,
    title: run.name ?? `${run.attackId.toUpperCase()} on ${run.model.name}`,
    status: run.status,
    active: isActive(run.status),
    progress: clamp01(run.progress),
    progressLabel: formatPercent(run.progress),
    progressMessage: run.progressMessage,
    errorMessage: run.errorMessage,
    facts: [
      { label: 'Attack', value: run.attackId },
      { label: 'Model', value: run.model.name },
      { label: 'Dataset', value: `${run.dataset.name} ${run.dataset.version}` },
      { label: 'Split', value: run.split ?? 'all' },
      { label: 'Images', value: String(run.imageCount) },
      { label: 'ε', value: epsilon },
      { label: 'Author', value: run.createdBy?.name ?? '—' },
      { label: 'Created', value: formatDateTime(run.createdAt) },
    ],
    metricCards: toMetricCards(run.metrics, { modelLowerBetter: run.model.lowerBetter, labelsLowerBetter: run.dataset.lowerBetter }),
    stage1: toStage1Check(run.stages),
    images: run.imageResults.edges.map((edge) => toImageRow(run.id, edge.node, table)),
    imageTotal: run.imageResults.totalCount,
    imagesNextCursor: run.imageResults.pageInfo.hasNextPage ? run.imageResults.pageInfo.endCursor : null,
    scoreRange: [run.model.scoreMin, run.model.scoreMax],
    mosLabel: run.dataset.lowerBetter ? 'DMOS' : 'MOS',
  };
}

const IMAGE_ROW_FIELDS = 'id image { id key mos } cleanScore attackedScore scoreChange';
const TABLE_ROW_FIELDS = `${IMAGE_ROW_FIELDS} rankMoved`;

const RUN_QUERY = `query Run($id: ID!, $filter: ImageResultFilter, $orderBy: ImageResultOrder, $after: String) {
  run(id: $id) {
    id name status progress progressMessage attackId split budgetNorm budgetEpsilon errorMessage imageCount createdAt finishedAt
    model { name lowerBetter scoreMin scoreMax }
    dataset { name version lowerBetter }
    createdBy { name }
    stages { kind status progress summary }
    metrics { name reference value ciLow ciHigh }
    imageResults(first: ${IMAGE_PAGE_SIZE}, filter: $filter, orderBy: $orderBy, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${TABLE_ROW_FIELDS} } } }
  }
}`;

const POINTS_QUERY = `query RunPoints($runId: ID!, $after: String) {
  imageResults(runId: $runId, first: 100, after: $after, orderBy: { field: KEY, direction: ASC }) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${IMAGE_ROW_FIELDS} } } }
}`;

/** Most points the scatter pages through (10 pages of the API's maximum 100). */
const MAX_SCATTER_PAGES = 10;

export type Loaded<T> = { kind: 'ok'; view: T } | { kind: 'error'; message: string };

export async function fetchRunDetail(id: string, table: ImageTableQuery = {}): Promise<Loaded<RunDetailView>> {
  const from = imagesHref(id, table);
  const result = await graphql(RUN_QUERY, { id, ...toImageResultsVariables(table) }, runDetailWire, { from });
  if (!result.ok) return { kind: 'error', message: result.error.message };
  if (!result.data.run) notFound();
  return { kind: 'ok', view: toRunDetail(result.data.run, table) };
}

/** Every scored image of a run (clean and attacked score), for the scatter: up to 1000 points. */
export async function fetchScatterPoints(runId: string): Promise<Loaded<{ points: ScatterPoint[]; truncated: boolean }>> {
  const nodes: Array<z.infer<typeof imageRowWire>> = [];
  let after: string | null = null;
  for (let page = 0; page < MAX_SCATTER_PAGES; page += 1) {
    const result: ApiResult<z.infer<typeof pointsWire>> = await graphql(POINTS_QUERY, { runId, after }, pointsWire, { from: `/runs/${runId}` });
    if (!result.ok) return { kind: 'error', message: result.error.message };
    nodes.push(...result.data.imageResults.edges.map((edge) => edge.node));
    after = result.data.imageResults.pageInfo.hasNextPage ? result.data.imageResults.pageInfo.endCursor : null;
    if (!after) return { kind: 'ok', view: { points: toScatterPoints(nodes), truncated: false } };
  }
  return { kind: 'ok', view: { points: toScatterPoints(nodes), truncated: true } };
}

// ---------------------------------------------------------------------------------------------------
// Image pair (the page itself reads through lib/api-images.ts)

/** An artifact route of the API (`/artifacts/…`) as served by the dashboard's proxy (same path on this origin). */
export function toArtifactSrc(path: string | null): string | null {
  if (!path || !path.startsWith('/artifacts/')) return null;
  return path;
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

// ---------------------------------------------------------------------------------------------------
// Comments and visibility ratings

const commentWire = z.object({
  id: z.string(),
  body: z.string(),
  step: z.number().nullable(),
  createdAt: z.string(),
  author: z.object({ name: z.string() }),
  image: z.object({ id: z.string(), key: z.string() }).nullable(),
});
const commentsWire = z.object({ comments: z.object({ totalCount: z.number(), edges: z.array(z.object({ node: commentWire })) }) });

export interface CommentView {
  id: string;
  author: string;
  body: string;
  createdAt: string;
  createdLabel: string;
  /** The image the comment is about, when it is about one (shown on the run page). */
  image: { key: string; href: string } | null;
  step: number | null;
}

export interface CommentsView {
  comments: CommentView[];
  totalCount: number;
}

export function toComment(runId: string, node: z.infer<typeof commentWire>): CommentView {
  return {
    id: node.id,
    author: node.author.name,
    body: node.body,
    createdAt: node.createdAt,
    createdLabel: formatDateTime(node.createdAt),
    image: node.image ? { key: node.image.key, href: `/runs/${encodeURIComponent(runId)}/images/${encodeURIComponent(node.image.id)}` } : null,
    step: node.step,
  };
}

/** Most comments a page lists (oldest first). API gap: no newest-first order, so long threads show their start. */
export const COMMENTS_PAGE_SIZE = 100;
const COMMENTS_QUERY = `query Comments($runId: ID!, $imageId: ID, $first: Int) {
  comments(runId: $runId, imageId: $imageId, first: $first) { totalCount edges { node { id body step createdAt author { name } image { id key } } } }
}`;

/** A run's comments (every one, image ones included), or one image's. */
export async function fetchComments(runId: string, imageId?: string): Promise<Loaded<CommentsView>> {
  const from = imageId ? `/runs/${runId}/images/${imageId}` : `/runs/${runId}`;
  const result = await graphql(COMMENTS_QUERY, { runId, imageId: imageId ?? null, first: COMMENTS_PAGE_SIZE }, commentsWire, { from });
  if (!result.ok) return { kind: 'error', message: result.error.message };
  return { kind: 'ok', view: { comments: result.data.comments.edges.map((edge) => toComment(runId, edge.node)), totalCount: result.data.comments.totalCount } };
}

export type MutationOutcome = { ok: true } | { ok: false; message: string };

async function mutate(query: string, variables: Record<string, unknown>, from: string): Promise<MutationOutcome> {
  const raw = await postGraphql(query, variables, await readSession());
  const result = raw.ok ? readGraphqlBody(raw.data.body, z.unknown()) : raw;
  if (!result.ok && result.error.code === 'UNAUTHENTICATED') redirect(signInHref(from));
  return result.ok ? { ok: true } : { ok: false, message: result.error.message };
}

export async function addComment(input: { runId: string; imageId?: string | undefined; body: string; view?: { z: number; cx: number; cy: number } | null }, from: string): Promise<MutationOutcome> {
  return mutate(
    'mutation AddComment($runId: ID!, $imageId: ID, $body: String!, $view: CommentViewInput) { addComment(runId: $runId, imageId: $imageId, body: $body, view: $view) { id } }',
    { runId: input.runId, imageId: input.imageId ?? null, body: input.body, view: input.view ?? null },
    from,
  );
}

export async function rateVisibility(imageResultId: string, visible: boolean, from: string): Promise<MutationOutcome> {
  return mutate('mutation Rate($id: ID!, $visible: Boolean!) { rateVisibility(imageResultId: $id, visible: $visible) { id } }', { id: imageResultId, visible }, from);
}

// ---------------------------------------------------------------------------------------------------
// New run

const runAttackWire = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  norm: z.string(),
  paper: z.unknown(),
  defaultsNote: z.string(),
  defaultConfig: z.unknown(),
  configSchema: z.unknown(),
});
const runAttacksWire = z.object({ runAttacks: z.array(runAttackWire) });
const catalogTeamWire = z.object({
  team: z
    .object({
      id: z.string(),
      slug: z.string(),
      name: z.string(),
      role: z.string(),
      models: z.object({ edges: z.array(z.object({ node: z.object({ id: z.string(), name: z.string(), scoreMin: z.number(), scoreMax: z.number() }) })) }),
      datasets: z.object({ edges: z.array(z.object({ node: z.object({ id: z.string(), name: z.string(), version: z.string(), imageCount: z.number() }) })) }),
    })
    .nullable(),
});

export const SPLITS = ['TRAIN', 'VAL', 'TEST'] as const;

export interface RunAttackView {
  id: string;
  name: string;
  facts: string;
  paper: { title: string; url: string | null } | null;
  defaultsNote: string;
  groups: ConfigGroup[];
}

export interface NewRunTeamView {
  id: string;
  slug: string;
  name: string;
  models: Array<{ id: string; label: string }>;
  datasets: Array<{ id: string; label: string }>;
}

export interface NewRunView {
  teams: NewRunTeamView[];
  attacks: RunAttackView[];
}

const paperWire = z.object({ title: z.string(), url: z.string().optional() }).loose();

export function toRunAttack(attack: z.infer<typeof runAttackWire>): RunAttackView {
  const paper = paperWire.safeParse(attack.paper);
  return {
    id: attack.id,
    name: attack.name,
    facts: `${attack.kind}, ${attack.norm}`,
    paper: paper.success ? { title: paper.data.title, url: paper.data.url && /^https?:\/\//.test(paper.data.url) ? paper.data.url : null } : null,
    defaultsNote: attack.defaultsNote,
    groups: toConfigForm(attack.configSchema, attack.defaultConfig),
  };
}

export function toNewRunTeam(team: NonNullable<z.infer<typeof catalogTeamWire>['team']>): NewRunTeamView {
  return {
    id: team.id,
    slug: team.slug,
    name: team.name,
    models: team.models.edges.map(({ node }) => ({ id: node.id, label: `${node.name} (scores ${formatNumber(node.scoreMin, 0)}–${formatNumber(node.scoreMax, 0)})` })),
    datasets: team.datasets.edges.map(({ node }) => ({ id: node.id, label: `${node.name} ${node.version} (${node.imageCount} images)` })),
  };
}

const RUN_ATTACKS_QUERY = 'query RunAttacks { runAttacks { id name stages kind norm paper defaultsNote defaultConfig configSchema } }';
const CATALOG_TEAM_QUERY = `query CatalogTeam($slug: String!) {
  team(slug: $slug) {
    id slug name role
    models(first: 100) { edges { node { id name scoreMin scoreMax } } }
    datasets(first: 100) { edges { node { id name version imageCount } } }
  }
}`;

export async function fetchRunAttacks(from: string): Promise<Loaded<RunAttackView[]>> {
  const result = await graphql(RUN_ATTACKS_QUERY, {}, runAttacksWire, { from });
  if (!result.ok) return { kind: 'error', message: result.error.message };
  return { kind: 'ok', view: result.data.runAttacks.map(toRunAttack) };
}

/** Everything the new-run form offers: the viewer's teams (VIEWER excluded: it cannot create runs) with their models and datasets, and the attacks. */
export async function fetchNewRunOptions(): Promise<Loaded<NewRunView>> {
  const from = '/runs/new';
  const viewer = await graphql(VIEWER_QUERY, {}, viewerWire, { from });
  if (!viewer.ok) return { kind: 'error', message: viewer.error.message };
  if (!viewer.data.viewer) redirect(signInHref(from));
  const writable = viewer.data.viewer.teams.filter((team) => team.role !== 'VIEWER');
  const [attacks, ...teams] = await Promise.all([fetchRunAttacks(from), ...writable.map((team) => graphql(CATALOG_TEAM_QUERY, { slug: team.slug }, catalogTeamWire, { from }))]);
  if (attacks.kind === 'error') return attacks;
  const views: NewRunTeamView[] = [];
  for (const team of teams) {
    if (!team.ok) return { kind: 'error', message: team.error.message };
    if (team.data.team) views.push(toNewRunTeam(team.data.team));
  }
  return { kind: 'ok', view: { teams: views, attacks: attacks.view } };
}

export interface CreateRunInput {
  teamId: string;
  name?: string;
  modelId: string;
  datasetId: string;
  split?: (typeof SPLITS)[number];
  attackId: string;
  config: Record<string, unknown>;
}

export type CreateRunOutcome = { ok: true; runId: string } | { ok: false; message: string; field: string | null };

const createRunWire = z.object({ createRun: z.object({ id: z.string() }) });

/** The API's BAD_USER_INPUT names the field (`extensions.field`: `config.steps`, `modelId`): reshaped for the form. */
export function toCreateRunOutcome(body: unknown): CreateRunOutcome {
  const envelope = envelopeWire.safeParse(body);
  const first = envelope.success ? envelope.data.errors?.[0] : undefined;
  if (first) {
    const field = first.extensions?.['field'];
    return { ok: false, message: first.message, field: first.extensions?.code === 'BAD_USER_INPUT' && typeof field === 'string' && field ? field : null };
  }
  const result = readGraphqlBody(body, createRunWire);
  return result.ok ? { ok: true, runId: result.data.createRun.id } : { ok: false, message: result.error.message, field: null };
}

export async function createRun(input: CreateRunInput): Promise<CreateRunOutcome> {
  const raw = await postGraphql('mutation CreateRun($input: CreateRunInput!) { createRun(input: $input) { id } }', { input }, await readSession());
  if (!raw.ok) return { ok: false, message: raw.error.message, field: null };
  if (envelopeWire.safeParse(raw.data.body).data?.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED') redirect(signInHref('/runs/new'));
  return toCreateRunOutcome(raw.data.body);
}

// ---------------------------------------------------------------------------------------------------
// Session cookie on the dashboard's origin (server actions and route handlers only)

/** Re-sets the API's session cookie on the dashboard's origin: httpOnly, SameSite=Lax, Secure as the API set it. */
export async function storeSession(session: SessionCookie): Promise<void> {
  (await cookies()).set(SESSION_COOKIE, session.value, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: session.secure,
    ...(session.maxAge !== undefined ? { maxAge: session.maxAge } : {}),
    ...(session.expires ? { expires: session.expires } : {}),
  });
}

export async function clearSession(): Promise<void> {
  (await cookies()).delete(SESSION_COOKIE);
}

// ---------------------------------------------------------------------------------------------------
// Artifacts (the images of a run, proxied so the session cookie reaches the API whatever its origin)

const artifactId = /^[A-Za-z0-9_-]{1,64}$/;
const ARTIFACT_FILES = new Set(['clean.png', 'adversarial.png', 'difference.png', 'heatmap.png']);

/** `run/:runId/image/:imageId/:file` segments → the API's artifact path, or null for anything else. */
export function artifactPath(segments: readonly string[]): string | null {
  // `dataset/:datasetId/image/:imageId`: a dataset image (the datasets pages' grid; API route GET /artifacts/dataset/…).
  if (segments.length === 4 && segments[0] === 'dataset' && segments[2] === 'image' && artifactId.test(segments[1] ?? '') && artifactId.test(segments[3] ?? '')) return `/artifacts/dataset/${segments[1]}/image/${segments[3]}`;
  const [run, runId, image, imageId, file, ...rest] = segments;
  if (rest.length || run !== 'run' || image !== 'image' || !runId || !imageId || !file) return null;
  if (!artifactId.test(runId) || !artifactId.test(imageId) || !ARTIFACT_FILES.has(file)) return null;
  return `/artifacts/run/${runId}/image/${imageId}/${file}`;
}

/** Fetches one artifact from the API with the browser's session; answers what the page's <img> gets. */
export async function fetchArtifact(segments: readonly string[]): Promise<Response> {
  const path = artifactPath(segments);
  if (!path) return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } });
  const session = await readSession();
  try {
    const upstream = await fetch(`${apiOrigin()}${path}`, { headers: session ? { cookie: `${SESSION_COOKIE}=${encodeURIComponent(session)}` } : {}, cache: 'no-store', signal: AbortSignal.timeout(15_000) });
    const headers = new Headers({ 'cache-control': 'private, max-age=300', 'x-content-type-options': 'nosniff' });
    headers.set('content-type', upstream.ok ? (upstream.headers.get('content-type') ?? 'application/octet-stream') : 'text/plain');
    if (!upstream.ok) return new Response(`The API answered HTTP ${upstream.status}`, { status: upstream.status, headers });
    return new Response(upstream.body, { status: 200, headers });
  } catch {
    return new Response('The API is not reachable', { status: 502, headers: { 'content-type': 'text/plain' } });
  }
}
