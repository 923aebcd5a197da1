import {
  countEvaluationImages,
  enqueueJob,
  findEvaluationTargets,
  findModelEvaluation,
  findModelEvaluationFor,
  insertModelEvaluation,
  listModelEvaluations,
  lockModelEvaluationKey,
  requeueModelEvaluation,
  withTransaction,
  type ModelEvaluationRow,
  type PrismaClient,
} from '@rankfall/db';
import { z } from 'zod';
import { RunsError } from '../runs-error';

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be an id');

export const evaluateModelRequestSchema = z.strictObject({
  teamId: id,
  createdById: id.nullable(),
  modelId: id,
  datasetId: id,
  /** The dataset split scored; null = every image of the dataset. */
  split: z.enum(['TRAIN', 'VAL', 'TEST']).nullable().default('TEST'),
});

export type EvaluateModelRequest = z.input<typeof evaluateModelRequestSchema>;

/** What a request did: `queued` a new (or failed, re-queued) evaluation, or found one already done or under way. */
export interface EvaluationRequestOutcome {
  status: 'queued' | 'existing';
  evaluation: ModelEvaluationRow;
}

/** The CLI line that reproduces an evaluation (stored with it, shown beside its numbers). */
export function evaluationCommand(input: { teamSlug: string; modelName: string; datasetName: string; datasetVersion: string; split: string | null }): string {
  const quote = (value: string) => (/^[A-Za-z0-9_./@:+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);
  return `rankfall model evaluate --team ${quote(input.teamSlug)} --model ${quote(input.modelName)} --dataset ${quote(input.datasetName)} --version ${quote(input.datasetVersion)} --split ${input.split ? input.split.toLowerCase() : 'all'}`;
}

function parse(input: unknown): z.output<typeof evaluateModelRequestSchema> {
  const parsed = evaluateModelRequestSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = (issue?.path ?? []).map(String).join('.');
    throw new RunsError('INVALID_INPUT', `${field || 'request'}: ${issue?.message ?? 'invalid'}`, field || undefined);
  }
  return parsed.data;
}

/**
 * Requests the clean evaluation of a team's model on a team's dataset split (executed by a worker, job
 * `evaluate-model`): the ModelEvaluation row and its job in one transaction. Idempotent per (model, dataset,
 * split): an evaluation that succeeded or is queued/running is returned as it is (nothing written); a failed one
 * is re-queued. A model or dataset outside the team is NOT_FOUND.
 */
export async function requestModelEvaluation(prisma: PrismaClient, input: EvaluateModelRequest): Promise<EvaluationRequestOutcome> {
  const request = parse(input);
  const targets = await findEvaluationTargets(prisma, request.teamId, request.modelId, request.datasetId);
  if (!targets.model) throw new RunsError('NOT_FOUND', `No model ${request.modelId} in this team`, 'modelId');
  if (!targets.dataset) throw new RunsError('NOT_FOUND', `No dataset ${request.datasetId} in this team`, 'datasetId');
  const imageCount = await countEvaluationImages(prisma, request.datasetId, request.split);
  if (imageCount < 3) throw new RunsError('INVALID_INPUT', `split: the dataset has ${imageCount} image${imageCount === 1 ? '' : 's'} in ${request.split ? `the ${request.split.toLowerCase()} split` : 'the whole dataset'}; an evaluation needs at least 3 (SROCC is undefined below that)`, 'split');
  const key = { modelId: request.modelId, datasetId: request.datasetId, split: request.split };
  return withTransaction(prisma, async (tx) => {
    await lockModelEvaluationKey(tx, key);
    const existing = await findModelEvaluationFor(tx, key);
    if (existing && existing.status !== 'FAILED' && existing.status !== 'CANCELLED') return { status: 'existing' as const, evaluation: existing };
    const evaluation = existing
      ? await requeueModelEvaluation(tx, existing.id)
      : await insertModelEvaluation(tx, {
          ...key,
          imageCount,
          createdById: request.createdById,
          command: evaluationCommand({ teamSlug: targets.teamSlug ?? request.teamId, modelName: targets.model!.name, datasetName: targets.dataset!.name, datasetVersion: targets.dataset!.version, split: request.split }),
          reported: null,
        });
    await enqueueJob(tx, 'evaluate-model', { evaluationId: evaluation.id });
    return { status: 'queued' as const, evaluation };
  });
}

/** An evaluation of one of the team's models, or NOT_FOUND. */
export async function getModelEvaluation(prisma: PrismaClient, teamId: string, evaluationId: string): Promise<ModelEvaluationRow> {
  const evaluation = await findModelEvaluation(prisma, teamId, evaluationId);
  if (!evaluation) throw new RunsError('NOT_FOUND', `Evaluation ${evaluationId} does not exist in this team`, 'evaluationId');
  return evaluation;
}

/** The evaluations of a team's model, newest first (none for another team's model). */
export function modelEvaluations(prisma: PrismaClient, teamId: string, modelId: string): Promise<ModelEvaluationRow[]> {
  return listModelEvaluations(prisma, teamId, modelId);
}
