import { notFound } from 'next/navigation';
import { z } from 'zod';
import { graphql, isActive, postGraphql, readGraphqlBody, readSession, RUN_STATUSES, SPLITS, type Loaded, type RunStatus } from './api';
import { fetchViewerTeams, hasRole, teamHref, teamMutation, type TeamMutationOutcome, type TeamRef } from './api-teams';
import { formatDateTime, formatNumber } from './format';

/**
 * Models: the team's list, one model's catalog facts, its clean evaluations (reported vs reproduced, when the API
 * has `Model.evaluations`), evaluation and registration. Pure reshaping functions are tested in api-models.spec.ts.
 */

const modelNodeWire = z.object({
  id: z.string(),
  name: z.string(),
  catalogId: z.string(),
  architecture: z.string(),
  lowerBetter: z.boolean(),
  scoreMin: z.number(),
  scoreMax: z.number(),
  inputKind: z.string(),
  inputHeight: z.number().nullable(),
  inputWidth: z.number().nullable(),
  patchSize: z.number().nullable(),
  normalization: z.unknown().nullable(),
  weightsSha256: z.string().nullable(),
  createdAt: z.string(),
});
const MODEL_FIELDS = 'id name catalogId architecture lowerBetter scoreMin scoreMax inputKind inputHeight inputWidth patchSize normalization weightsSha256 createdAt';
const modelsWire = z.object({
  team: z.object({ models: z.object({ totalCount: z.number(), pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }), edges: z.array(z.object({ node: modelNodeWire })) }) }).nullable(),
});

export interface ModelListItemView {
  id: string;
  href: string;
  name: string;
  catalogId: string;
  direction: string;
  scoreRange: string;
  input: string;
  createdLabel: string;
}

export function directionLabel(lowerBetter: boolean): string {
  return lowerBetter ? 'lower score = better quality' : 'higher score = better quality';
}

export function inputLabel(model: Pick<z.infer<typeof modelNodeWire>, 'inputKind' | 'inputHeight' | 'inputWidth' | 'patchSize'>): string {
  const size = model.inputHeight !== null && model.inputWidth !== null ? ` ${model.inputWidth}×${model.inputHeight}` : '';
  const patch = model.patchSize !== null ? `, patches of ${model.patchSize}` : '';
  return `${model.inputKind}${size}${patch}`;
}

export function toModelListItem(node: z.infer<typeof modelNodeWire>, teamSlug: string): ModelListItemView {
  return {
    id: node.id,
    href: teamHref(`/models/${encodeURIComponent(node.id)}`, teamSlug),
    name: node.name,
    catalogId: node.catalogId,
    direction: directionLabel(node.lowerBetter),
    scoreRange: `${formatNumber(node.scoreMin, 2)} – ${formatNumber(node.scoreMax, 2)}`,
    input: inputLabel(node),
    createdLabel: formatDateTime(node.createdAt),
  };
}

const MODELS_QUERY = `query Models($slug: String!, $after: String) {
  team(slug: $slug) { models(first: 50, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${MODEL_FIELDS} } } } }
}`;

export async function fetchModels(team: TeamRef, after: string | undefined): Promise<Loaded<{ models: ModelListItemView[]; totalCount: number; nextCursor: string | null }>> {
  const result = await graphql(MODELS_QUERY, { slug: team.slug, after: after ?? null }, modelsWire, { from: teamHref('/models', team.slug) });
  if (!result.ok) return { kind: 'error', message: result.error.message };
  if (!result.data.team) notFound();
  const { models } = result.data.team;
  return { kind: 'ok', view: { models: models.edges.map(({ node }) => toModelListItem(node, team.slug)), totalCount: models.totalCount, nextCursor: models.pageInfo.hasNextPage ? models.pageInfo.endCursor : null } };
}

// ---------------------------------------------------------------------------------------------------
// Model detail

const evaluationWire = z.object({
  dataset: z.object({ id: z.string(), name: z.string() }),
  split: z.string().nullable(),
  status: z.enum(RUN_STATUSES),
  imageCount: z.number(),
  reproducedSrocc: z.number().nullable(),
  sroccCiLow: z.number().nullable(),
  sroccCiHigh: z.number().nullable(),
  errorMessage: z.string().nullable(),
  reproducedPlcc: z.number().nullable(),
  reportedSrocc: z.number().nullable(),
  reportedPlcc: z.number().nullable(),
  reportedSource: z.string().nullable(),
  command: z.string().nullable(),
  createdAt: z.string(),
});
const modelDetailWire = z.object({ model: modelNodeWire.nullable() });
const evaluationsWire = z.object({ model: z.object({ evaluations: z.array(evaluationWire) }).nullable() });
const modelTeamWire = z.object({
  team: z
    .object({
      id: z.string(),
      slug: z.string(),
      models: z.object({ edges: z.array(z.object({ node: z.object({ id: z.string() }) })) }),
      datasets: z.object({ edges: z.array(z.object({ node: z.object({ id: z.string(), name: z.string(), version: z.string() }) })) }),
    })
    .nullable(),
});

export interface EvaluationView {
  dataset: string;
  datasetHref: string;
  split: string;
  status: RunStatus;
  images: number;
  reproducedSrocc: string;
  /** "0.71 … 0.88" (95 % bootstrap CI), when known. */
  sroccCi: string | null;
  error: string | null;
  reproducedPlcc: string;
  reportedSrocc: string;
  reportedPlcc: string;
  /** Reproduced − reported SROCC, when both are known. */
  sroccGap: string;
  reportedSource: string;
  command: string | null;
  createdLabel: string;
}

export type EvaluationsView = { state: 'ok'; rows: EvaluationView[]; active: boolean } | { state: 'unavailable'; message: string };

export interface ModelDetailView {
  id: string;
  name: string;
  facts: Array<{ label: string; value: string }>;
  normalization: string | null;
  evaluations: EvaluationsView;
  /** The team holding the model, when the viewer may evaluate in it (MEMBER+), with its datasets. */
  evaluate: { teamId: string; teamSlug: string; datasets: Array<{ id: string; label: string }> } | null;
  teamSlug: string | null;
}

const num = (value: number | null) => (value === null ? '—' : formatNumber(value, 3));

export function toEvaluation(row: z.infer<typeof evaluationWire>, teamSlug: string | null): EvaluationView {
  return {
    dataset: row.dataset.name,
    datasetHref: teamSlug ? teamHref(`/datasets/${encodeURIComponent(row.dataset.id)}`, teamSlug) : `/datasets/${encodeURIComponent(row.dataset.id)}`,
    split: row.split ?? 'all',
    status: row.status,
    images: row.imageCount,
    reproducedSrocc: num(row.reproducedSrocc),
    sroccCi: row.sroccCiLow !== null && row.sroccCiHigh !== null ? `${formatNumber(row.sroccCiLow, 3)} … ${formatNumber(row.sroccCiHigh, 3)}` : null,
    error: row.errorMessage,
    reproducedPlcc: num(row.reproducedPlcc),
    reportedSrocc: num(row.reportedSrocc),
    reportedPlcc: num(row.reportedPlcc),
    sroccGap: row.reportedSrocc !== null && row.reproducedSrocc !== null ? formatNumber(row.reproducedSrocc - row.reportedSrocc, 3, true) : '—',
    reportedSource: row.reportedSource ?? 'no reported number',
    command: row.command,
    createdLabel: formatDateTime(row.createdAt),
  };
}

export function toModelFacts(model: z.infer<typeof modelNodeWire>): Array<{ label: string; value: string }> {
  return [
    { label: 'Catalog entry', value: model.catalogId },
    { label: 'Architecture', value: model.architecture },
    { label: 'Direction', value: directionLabel(model.lowerBetter) },
    { label: 'Score range', value: `${formatNumber(model.scoreMin, 2)} – ${formatNumber(model.scoreMax, 2)}` },
    { label: 'Input', value: inputLabel(model) },
    { label: 'Weights SHA-256', value: model.weightsSha256 ? `${model.weightsSha256.slice(0, 16)}…` : 'bundled / none' },
    { label: 'Registered', value: formatDateTime(model.createdAt) },
  ];
}

const MODEL_QUERY = `query Model($id: ID!) { model(id: $id) { ${MODEL_FIELDS} } }`;
const EVALUATIONS_QUERY = `query ModelEvaluations($id: ID!) {
  model(id: $id) { evaluations { dataset { id name } split status imageCount reproducedSrocc sroccCiLow sroccCiHigh reproducedPlcc reportedSrocc reportedPlcc reportedSource command errorMessage createdAt } }
}`;
const MODEL_TEAM_QUERY = `query ModelTeam($slug: String!) {
  team(slug: $slug) { id slug models(first: 100) { edges { node { id } } } datasets(first: 100) { edges { node { id name version } } } }
}`;

/** An answer that names a field the API's schema lacks (the evaluations module is not deployed yet). */
export function isSchemaGap(code: string): boolean {
  return code === 'GRAPHQL_VALIDATION_FAILED';
}

export async function fetchModelDetail(id: string, teamSlug: string | undefined): Promise<Loaded<ModelDetailView>> {
  const from = teamSlug ? teamHref(`/models/${id}`, teamSlug) : `/models/${id}`;
  const result = await graphql(MODEL_QUERY, { id }, modelDetailWire, { from });
  if (!result.ok) return { kind: 'error', message: result.error.message };
  const model = result.data.model;
  if (!model) notFound();

  const viewer = await fetchViewerTeams(from);
  if (viewer.kind === 'error') return viewer;
  const teams = [...viewer.view.teams].sort((a, b) => Number(b.slug === teamSlug) - Number(a.slug === teamSlug));
  let holder: { team: TeamRef; datasets: Array<{ id: string; label: string }> } | null = null;
  for (const team of teams) {
    const answer = await graphql(MODEL_TEAM_QUERY, { slug: team.slug }, modelTeamWire, { from });
    if (!answer.ok) return { kind: 'error', message: answer.error.message };
    if (answer.data.team?.models.edges.some(({ node }) => node.id === id)) {
      holder = { team, datasets: answer.data.team.datasets.edges.map(({ node }) => ({ id: node.id, label: `${node.name} ${node.version}` })) };
      break;
    }
  }

  const raw = await postGraphql(EVALUATIONS_QUERY, { id }, await readSession());
  const answer = raw.ok ? readGraphqlBody(raw.data.body, evaluationsWire) : raw;
  const slug = holder?.team.slug ?? null;
  const rows = answer.ok ? (answer.data.model?.evaluations ?? []).map((row) => toEvaluation(row, slug)) : [];
  const evaluations: EvaluationsView = answer.ok
    ? { state: 'ok', rows, active: rows.some((row) => isActive(row.status)) }
    : { state: 'unavailable', message: isSchemaGap(answer.error.code) ? 'This API does not serve model evaluations yet.' : answer.error.message };

  return {
    kind: 'ok',
    view: {
      id: model.id,
      name: model.name,
      facts: toModelFacts(model),
      normalization: model.normalization === null || model.normalization === undefined ? null : JSON.stringify(model.normalization),
      evaluations,
      evaluate: holder && hasRole(holder.team.role, 'MEMBER') ? { teamId: holder.team.id, teamSlug: holder.team.slug, datasets: holder.datasets } : null,
      teamSlug: slug,
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Mutations

export const evaluateFormSchema = z.object({
  teamId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Choose a team.'),
  modelId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Choose a model.'),
  datasetId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Choose a dataset.'),
  split: z.enum(SPLITS).nullable(),
});

/** The form's split → the mutation's input: a split, or the whole dataset (`split` null). */
export function toEvaluateInput(input: z.infer<typeof evaluateFormSchema>): Record<string, unknown> {
  const { split, ...rest } = input;
  return split ? { ...rest, split } : { ...rest, wholeDataset: true };
}

export async function evaluateModel(input: z.infer<typeof evaluateFormSchema>, from: string): Promise<TeamMutationOutcome> {
  const outcome = await teamMutation('mutation Evaluate($input: EvaluateModelInput!) { evaluateModel(input: $input) { id } }', { input: toEvaluateInput(input) }, z.unknown(), from);
  if (!outcome.ok && /Unknown type "EvaluateModelInput"|Cannot query field "evaluateModel"/.test(outcome.message)) return { ok: false, message: 'This API cannot evaluate models yet (no evaluateModel mutation).' };
  return outcome.ok ? { ok: true, data: undefined } : outcome;
}

export const registerModelSchema = z.object({
  teamId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Choose a team.'),
  catalogId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'The catalog id is 1–64 letters, digits, dots, dashes or underscores (see `rankfall model catalog`).'),
  name: z.string().trim().max(200, 'The name is at most 200 characters.').optional(),
});

/** Queues a registration (weights from an upload's artifact, or the catalog's bundled weights) → its import request id. */
export async function registerModel(input: z.infer<typeof registerModelSchema> & ({ weightsArtifactId: string } | { bundled: true }), from: string): Promise<TeamMutationOutcome<{ id: string }>> {
  const outcome = await teamMutation(
    'mutation Register($input: RegisterModelInput!) { registerModel(input: $input) { id } }',
    { input: { ...input, name: input.name || null } },
    z.object({ registerModel: z.object({ id: z.string() }) }),
    from,
  );
  return outcome.ok ? { ok: true, data: outcome.data.registerModel } : outcome;
}
