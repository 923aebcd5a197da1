import { countImagesBySplit, countRunImages, DbError, enqueueJob, insertRun, insertSweep, notifyRunEvent, withTransaction, type Db, type PrismaClient, type RunSummary } from '@rankfall/db';
import { z } from 'zod';
import { runAttackDefinition } from './run-attacks';
import { RunsError } from './runs-error';

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be an id');

/** What a caller (API, CLI, demo) asks for; validated here, at the engine's edge. */
export const createRunRequestSchema = z.strictObject({
  teamId: id,
  createdById: id.nullable().default(null),
  name: z.string().trim().min(1).max(200).nullish(),
  modelId: id,
  datasetId: id,
  split: z.enum(['TRAIN', 'VAL', 'TEST']).nullish(),
  imageIds: z.array(id).max(100_000).optional(),
  attackId: z.string().min(1).max(64),
  config: z.unknown().optional(),
  /** Seed of every random draw; SMA's stage-1 seed when the config does not set one. */
  seed: z.int().min(0).max(2_147_483_647).optional(),
  /** Perturb jobs the images are split into (for several workers); capped at the image count. */
  shardCount: z.int().min(1).max(256).default(1),
  sweepId: id.nullish(),
});

export type CreateRunRequest = z.input<typeof createRunRequestSchema>;

function parseRequest<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join('.') ?? '';
    throw new RunsError('INVALID_INPUT', `${field || 'request'}: ${issue?.message ?? 'invalid'}`, field || undefined);
  }
  return parsed.data;
}

function mapDbError(error: unknown): never {
  if (error instanceof DbError && error.code === 'NOT_FOUND') throw new RunsError('NOT_FOUND', error.message);
  throw error;
}

/** A clear refusal when the split an attack trains on is empty, naming the splits the dataset has. */
async function requireSplitImages(tx: Db, teamId: string, datasetId: string, split: 'TRAIN' | 'VAL' | 'TEST'): Promise<void> {
  const counts = await countImagesBySplit(tx, teamId, datasetId);
  if (counts.some((c) => c.split === split && c.count > 0)) return;
  const has = counts.map((c) => `${c.split ?? 'no split'} (${c.count})`).join(', ') || 'no images';
  throw new RunsError('INVALID_INPUT', `config.trainSplit: dataset ${datasetId} has no ${split} images to train on; its splits: ${has}`, 'config.trainSplit');
}

async function insertValidatedRun(tx: Db, request: z.output<typeof createRunRequestSchema>): Promise<RunSummary> {
  const definition = runAttackDefinition(request.attackId);
  const model = await tx.model.findFirst({ where: { id: request.modelId, teamId: request.teamId }, select: { scoreMin: true, scoreMax: true } });
  if (!model) throw new RunsError('NOT_FOUND', `Model ${request.modelId} does not exist in this team`, 'modelId');
  const imageIds = request.imageIds ?? [];
  // Attacks that learn on one split attack another one (UAP): the config decides which, and both must hold images.
  const splits = definition.splits?.(request.config, request.split ?? null) ?? null;
  const split = splits?.attack ?? request.split ?? null;
  const imageCount = await countRunImages(tx, { datasetId: request.datasetId, split, imageIds });
  const config = definition.parseConfig(request.config, [model.scoreMin, model.scoreMax], imageCount);
  if (imageIds.length && imageCount !== new Set(imageIds).size) throw new RunsError('INVALID_INPUT', `imageIds: ${new Set(imageIds).size - imageCount} of the images are not in the dataset${split ? ` split ${split}` : ''}`, 'imageIds');
  if (splits) await requireSplitImages(tx, request.teamId, request.datasetId, splits.train);
  const minimum = definition.stages.includes('TARGETS') ? 3 : 1;
  if (imageCount < minimum) {
    throw new RunsError('INVALID_INPUT', `${definition.name} needs at least ${minimum} image${minimum > 1 ? 's' : ''}; the selection has ${imageCount}`, request.imageIds ? 'imageIds' : 'split');
  }
  const seed = request.seed ?? config.stored.stage1?.seed ?? 0;
  const run = await insertRun(tx, {
    teamId: request.teamId,
    createdById: request.createdById,
    name: request.name ?? null,
    modelId: request.modelId,
    datasetId: request.datasetId,
    split,
    imageIds,
    attackId: definition.id,
    config: JSON.parse(JSON.stringify(config.stored)),
    seed,
    budgetNorm: config.budgetNorm,
    budgetEpsilon: config.budgetEpsilon,
    stages: definition.stages,
    shardCount: Math.min(request.shardCount, imageCount),
    imageCount,
    sweepId: request.sweepId ?? null,
  }).catch(mapDbError);
  await enqueueJob(tx, 'score-clean', { runId: run.id });
  await notifyRunEvent(tx, { id: run.id, teamId: request.teamId });
  return run;
}

/**
 * Creates a run (ARCHITECTURE.md "A run, as data flows", step 1): validates the request and the attack's
 * config (defaults filled in and stored), checks the team owns model and dataset, and inserts the Run, its
 * stages, its perturb shards and its first job (`score-clean`) in one transaction.
 */
export async function createRun(prisma: PrismaClient, input: CreateRunRequest): Promise<RunSummary> {
  const request = parseRequest(createRunRequestSchema, input);
  return withTransaction(prisma, (tx) => insertValidatedRun(tx, request));
}

export const createSweepRequestSchema = createRunRequestSchema.omit({ sweepId: true }).extend({
  /** The swept config field; for SMA a stage-2 field (`epsilon`, `alpha`, `steps`). */
  parameter: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, 'must be a config field name').max(64),
  values: z.array(z.number().finite()).min(1).max(50),
});

export type CreateSweepRequest = z.input<typeof createSweepRequestSchema>;

/** A budget sweep: one run per value of one parameter, all created (with their jobs) in one transaction. */
export async function createSweep(prisma: PrismaClient, input: CreateSweepRequest): Promise<{ sweepId: string; runs: RunSummary[] }> {
  const { parameter, values, ...base } = parseRequest(createSweepRequestSchema, input);
  if (new Set(values).size !== values.length) throw new RunsError('INVALID_INPUT', 'values: each value must appear once', 'values');
  const definition = runAttackDefinition(base.attackId);
  const isSma = definition.stages.includes('TARGETS');
  return withTransaction(prisma, async (tx) => {
    const sweep = await insertSweep(tx, { teamId: base.teamId, createdById: base.createdById, name: base.name ?? null, attackId: definition.id, parameter, values });
    const runs: RunSummary[] = [];
    for (const value of values) {
      const config = (base.config ?? {}) as Record<string, unknown>;
      const swept = isSma ? { ...config, stage2: { ...((config['stage2'] as object | undefined) ?? {}), [parameter]: value } } : { ...config, [parameter]: value };
      runs.push(await insertValidatedRun(tx, { ...base, name: `${base.name ?? definition.name} · ${parameter} ${value}`, config: swept, sweepId: sweep.id }));
    }
    return { sweepId: sweep.id, runs };
  });
}
