import { notFound } from 'next/navigation';
import { z } from 'zod';
import { apiOrigin, graphql, isActive, RUN_STATUSES, SESSION_COOKIE, type Loaded, type RunStatus } from './api';
import { requireViewerTeam, teamHref, teamMutation, type TeamMutationOutcome } from './api-teams';
import { formatDateTime, formatPercent } from './format';

/**
 * Imports: dataset imports (synthetic, server path, uploaded zip) and model registrations are import requests a
 * worker executes; the dashboard queues them and shows one request until it is done. Uploads go to the API's
 * `POST /uploads/{datasets,weights}?teamId=…` (raw body → `{ artifactId, sha256, sizeBytes }`) with the viewer's
 * session. Pure functions are tested in api-imports.spec.ts.
 */

const nameField = z.string().trim().max(200, 'At most 200 characters.');
const pathField = (what: string) => z.string().trim().min(1, `Enter the ${what}.`).max(1000, `The ${what} is at most 1000 characters.`);
const optionalText = (schema: z.ZodString) => z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional());

/** The synthetic generator's parameters (the API's source schema: the same bounds, so the form can say which is wrong). */
export const syntheticFormSchema = z.object({
  seed: z.coerce.number().int('The seed is a whole number.').min(0, 'The seed is at least 0.').max(4_294_967_295, 'The seed is at most 4294967295.'),
  references: z.coerce.number().int('References is a whole number.').min(3, 'At least 3 reference scenes.').max(500, 'At most 500 reference scenes.'),
  size: z.coerce.number().int('The size is a whole number.').min(16, 'The size is at least 16 px.').max(256, 'The size is at most 256 px.'),
  levels: z.coerce.number().int('Levels is a whole number.').min(1, 'At least 1 distortion level.').max(10, 'At most 10 distortion levels.'),
});

export const serverPathFormSchema = z.object({
  format: z.string().trim().regex(/^[a-z0-9-]{1,64}$/, 'Enter an importer format id (e.g. koniq10k, folder-csv; `rankfall dataset formats` lists them).'),
  table: pathField('MOS table path'),
  images: pathField('image folder path'),
  name: optionalText(nameField),
  version: optionalText(nameField),
});

/** An uploaded zip: the importer format, and optionally where the table and the images are inside the archive. */
export const uploadFormSchema = z.object({
  format: serverPathFormSchema.shape.format,
  table: optionalText(z.string().trim().max(1000, 'The table path is at most 1000 characters.')),
  images: optionalText(z.string().trim().max(1000, 'The images path is at most 1000 characters.')),
  name: optionalText(nameField),
  version: optionalText(nameField),
});

export type DatasetImportSource =
  | ({ kind: 'synthetic' } & z.infer<typeof syntheticFormSchema>)
  | ({ kind: 'server-path' } & z.infer<typeof serverPathFormSchema>)
  | ({ kind: 'upload'; artifactId: string } & z.infer<typeof uploadFormSchema>);

/** Drops undefined members (the API's source schemas are strict about unknown keys, and JSON drops undefined anyway). */
export function toImportSource(source: DatasetImportSource): Record<string, unknown> {
  return Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined));
}

export async function importDataset(teamId: string, source: DatasetImportSource, from: string): Promise<TeamMutationOutcome<{ id: string }>> {
  const outcome = await teamMutation(
    'mutation ImportDataset($input: ImportDatasetInput!) { importDataset(input: $input) { id } }',
    { input: { teamId, source: toImportSource(source) } },
    z.object({ importDataset: z.object({ id: z.string() }) }),
    from,
  );
  return outcome.ok ? { ok: true, data: outcome.data.importDataset } : outcome;
}

// ---------------------------------------------------------------------------------------------------
// Uploads (route handlers only)

const uploadAnswerWire = z.object({ artifactId: z.string().min(1), sha256: z.string(), sizeBytes: z.number() });
/** The API's errors outside GraphQL (apps/api/src/http/json-errors.ts): `{ errors: [{ message, extensions: { code } }] }`. */
const uploadErrorWire = z.object({ errors: z.array(z.object({ message: z.string(), extensions: z.object({ code: z.string().optional() }).loose().optional() })).min(1) });

export type UploadOutcome = { ok: true; artifactId: string; sha256: string; sizeBytes: number } | { ok: false; message: string; status: number };

/** The API's answer to an upload reshaped: the artifact, or the API's coded message (any status, any body). */
export function readUploadAnswer(status: number, text: string): UploadOutcome {
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: described below
  }
  if (status >= 200 && status < 300) {
    const answer = uploadAnswerWire.safeParse(body);
    return answer.success ? { ok: true, ...answer.data } : { ok: false, message: 'The API accepted the upload but did not say which artifact it stored.', status: 502 };
  }
  const error = uploadErrorWire.safeParse(body);
  if (error.success) return { ok: false, message: error.data.errors[0]!.message, status };
  if (status === 404) return { ok: false, message: 'This API does not accept this kind of upload (HTTP 404).', status };
  return { ok: false, message: `The API refused the upload (HTTP ${status}).`, status };
}

/** Streams `body` to the API's upload route with the viewer's session. */
export async function uploadToApi(kind: 'datasets' | 'weights', teamId: string, body: Blob, session: string | undefined): Promise<UploadOutcome> {
  try {
    const response = await fetch(`${apiOrigin()}/uploads/${kind}?teamId=${encodeURIComponent(teamId)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', ...(session ? { cookie: `${SESSION_COOKIE}=${encodeURIComponent(session)}` } : {}) },
      body,
      cache: 'no-store',
      signal: AbortSignal.timeout(10 * 60_000),
    });
    return readUploadAnswer(response.status, await response.text());
  } catch (error) {
    return { ok: false, message: `The API is not reachable (${error instanceof Error ? error.message : String(error)}).`, status: 502 };
  }
}

// ---------------------------------------------------------------------------------------------------
// One import request

const importRequestWire = z.object({
      id: z.string(),
      kind: z.enum(['DATASET', 'MODEL']),
      status: z.enum(RUN_STATUSES),
      progress: z.number(),
      message: z.string().nullable(),
      input: z.unknown(),
      dataset: z.object({ id: z.string(), name: z.string(), version: z.string(), imageCount: z.number() }).nullable(),
      model: z.object({ id: z.string(), name: z.string() }).nullable(),
      errorCode: z.string().nullable(),
      errorMessage: z.string().nullable(),
      createdAt: z.string(),
      startedAt: z.string().nullable(),
      finishedAt: z.string().nullable(),
});
const importWire = z.object({ importRequest: importRequestWire.nullable() });
const importsWire = z.object({ importRequests: z.object({ totalCount: z.number(), edges: z.array(z.object({ node: importRequestWire })) }) });

export interface ImportRequestView {
  id: string;
  title: string;
  status: RunStatus;
  active: boolean;
  progress: number;
  progressLabel: string;
  message: string | null;
  error: string | null;
  source: string;
  facts: Array<{ label: string; value: string }>;
  result: { label: string; href: string } | null;
}

const sourceWire = z.object({ kind: z.string().optional(), format: z.string().optional(), catalogId: z.string().optional() }).loose();

export function describeImportInput(kind: 'DATASET' | 'MODEL', input: unknown): string {
  const source = sourceWire.safeParse(kind === 'DATASET' && input && typeof input === 'object' && 'source' in input ? (input as { source: unknown }).source : input);
  if (!source.success) return kind === 'DATASET' ? 'dataset import' : 'model registration';
  if (kind === 'MODEL') return `catalog entry ${source.data.catalogId ?? '?'}`;
  if (source.data.kind === 'synthetic') return 'synthetic dataset';
  return `${source.data.kind ?? 'import'}${source.data.format ? ` (${source.data.format})` : ''}`;
}

export function toImportRequest(request: z.infer<typeof importRequestWire>, teamSlug: string): ImportRequestView {
  const result = request.dataset
    ? { label: `${request.dataset.name} ${request.dataset.version} (${request.dataset.imageCount} images)`, href: teamHref(`/datasets/${encodeURIComponent(request.dataset.id)}`, teamSlug) }
    : request.model
      ? { label: request.model.name, href: teamHref(`/models/${encodeURIComponent(request.model.id)}`, teamSlug) }
      : null;
  return {
    id: request.id,
    title: request.kind === 'DATASET' ? 'Dataset import' : 'Model registration',
    status: request.status,
    active: isActive(request.status),
    progress: Math.min(1, Math.max(0, request.progress)),
    progressLabel: formatPercent(request.progress),
    message: request.message,
    error: request.errorMessage ? `${request.errorCode ? `${request.errorCode}: ` : ''}${request.errorMessage}` : null,
    source: describeImportInput(request.kind, request.input),
    facts: [
      { label: 'What', value: describeImportInput(request.kind, request.input) },
      { label: 'Queued', value: formatDateTime(request.createdAt) },
      { label: 'Started', value: request.startedAt ? formatDateTime(request.startedAt) : '—' },
      { label: 'Finished', value: request.finishedAt ? formatDateTime(request.finishedAt) : '—' },
    ],
    result,
  };
}

const IMPORT_QUERY = `query ImportRequest($teamId: ID!, $id: ID!) {
  importRequest(teamId: $teamId, id: $id) {
    id kind status progress message input errorCode errorMessage createdAt startedAt finishedAt
    dataset { id name version imageCount }
    model { id name }
  }
}`;

/** `/imports/<id>?team=<slug>`: the import requests of another team (or none) → the not-found page. */
export async function fetchImportRequest(id: string, teamSlug: string | undefined): Promise<Loaded<ImportRequestView>> {
  const from = teamSlug ? teamHref(`/imports/${id}`, teamSlug) : `/imports/${id}`;
  const context = await requireViewerTeam(from, teamSlug);
  if (context.kind === 'error') return context;
  const result = await graphql(IMPORT_QUERY, { teamId: context.view.team.id, id }, importWire, { from });
  if (!result.ok) return { kind: 'error', message: result.error.message };
  if (!result.data.importRequest) notFound();
  return { kind: 'ok', view: toImportRequest(result.data.importRequest, context.view.team.slug) };
}

const IMPORTS_QUERY = `query ImportRequests($teamId: ID!, $first: Int) {
  importRequests(teamId: $teamId, first: $first) {
    totalCount
    edges { node { id kind status progress message input errorCode errorMessage createdAt startedAt finishedAt dataset { id name version imageCount } model { id name } } }
  }
}`;

export const RECENT_IMPORTS = 20;

/** The team's latest imports and registrations, newest first (the import page's history). */
export async function fetchRecentImports(teamId: string, teamSlug: string): Promise<Loaded<{ imports: Array<ImportRequestView & { href: string; queued: string }>; totalCount: number }>> {
  const result = await graphql(IMPORTS_QUERY, { teamId, first: RECENT_IMPORTS }, importsWire, { from: teamHref('/imports', teamSlug) });
  if (!result.ok) return { kind: 'error', message: result.error.message };
  return {
    kind: 'ok',
    view: {
      imports: result.data.importRequests.edges.map(({ node }) => ({ ...toImportRequest(node, teamSlug), href: importHref(node.id, teamSlug), queued: formatDateTime(node.createdAt) })),
      totalCount: result.data.importRequests.totalCount,
    },
  };
}

export function importHref(id: string, teamSlug: string): string {
  return teamHref(`/imports/${encodeURIComponent(id)}`, teamSlug);
}
