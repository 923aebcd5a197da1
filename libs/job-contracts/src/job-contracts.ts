import { RankfallError } from './rankfall-error';
import { z } from 'zod';

const cuid = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be an id');

/**
 * Every background job: its payload schema (parsed at the top of each worker task) and its job key
 * (graphile-worker `job_key`: a job enqueued twice with the same key is one job, so retries and
 * re-enqueues never duplicate work). The API enqueues with these, the worker parses with them.
 */
export const jobContracts = {
  /** Proves the queue round trip (enqueue in a transaction → worker → done). */
  healthcheck: {
    payload: z.object({ requestedAt: z.iso.datetime() }).strict(),
    key: (payload: { requestedAt: string }) => `healthcheck:${payload.requestedAt}`,
  },
  'score-clean': {
    payload: z.object({ runId: cuid }).strict(),
    key: (payload: { runId: string }) => `run:${payload.runId}:score-clean`,
  },
  'optimize-targets': {
    payload: z.object({ runId: cuid }).strict(),
    key: (payload: { runId: string }) => `run:${payload.runId}:optimize-targets`,
  },
  /** UAP: learn the universal perturbation on the run's train split (checkpointed), then the perturb shards. */
  'train-uap': {
    payload: z.object({ runId: cuid }).strict(),
    key: (payload: { runId: string }) => `run:${payload.runId}:train-uap`,
  },
  perturb: {
    payload: z.object({ runId: cuid, shard: z.int().min(0), shardCount: z.int().min(1) }).strict().refine((p) => p.shard < p.shardCount, 'shard must be < shardCount'),
    key: (payload: { runId: string; shard: number }) => `run:${payload.runId}:perturb:${payload.shard}`,
  },
  aggregate: {
    payload: z.object({ runId: cuid }).strict(),
    key: (payload: { runId: string }) => `run:${payload.runId}:aggregate`,
  },
  /** A dataset import requested through the API (the worker reads the files and decodes every image). */
  'import-dataset': {
    payload: z.object({ importId: cuid }).strict(),
    key: (payload: { importId: string }) => `import:${payload.importId}`,
  },
  /** A model registration requested through the API (the worker parses and checks the uploaded weights). */
  'register-model': {
    payload: z.object({ importId: cuid }).strict(),
    key: (payload: { importId: string }) => `import:${payload.importId}`,
  },
  /** Clean SROCC/PLCC/KROCC of a model on a dataset split (a ModelEvaluation row). */
  'evaluate-model': {
    payload: z.object({ evaluationId: cuid }).strict(),
    key: (payload: { evaluationId: string }) => `evaluation:${payload.evaluationId}`,
  },
  /** A run's adversarial PNGs re-scored by another model (a TransferResult row, one per run × target model). */
  transfer: {
    payload: z.object({ transferId: cuid }).strict(),
    key: (payload: { transferId: string }) => `transfer:${payload.transferId}`,
  },
} as const;

export type JobName = keyof typeof jobContracts;
export type JobPayload<Name extends JobName> = z.infer<(typeof jobContracts)[Name]['payload']>;

export type JobContractErrorCode = 'INVALID_PAYLOAD' | 'UNKNOWN_JOB';

export class JobContractError extends RankfallError<JobContractErrorCode> {
  override readonly name = 'JobContractError';
}

/** Parses a job payload (worker edge) with a message naming the job and the field. */
export function parseJobPayload<Name extends JobName>(name: Name, payload: unknown): JobPayload<Name> {
  const contract = jobContracts[name];
  if (!contract) throw new JobContractError('UNKNOWN_JOB', `Unknown job "${String(name)}"`);
  const parsed = contract.payload.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new JobContractError('INVALID_PAYLOAD', `Job "${name}": ${issue?.path.join('.') || 'payload'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data as JobPayload<Name>;
}

/** The job key of a validated payload. */
export function jobKey<Name extends JobName>(name: Name, payload: JobPayload<Name>): string {
  return (jobContracts[name].key as (p: JobPayload<Name>) => string)(payload);
}
