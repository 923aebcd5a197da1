import {
  enqueueJob,
  findRunForTransfer,
  findTransferFor,
  insertTransfer,
  listRunIdsWithTransfers,
  listRunsForTransferMatrix,
  listTeamModelsForTransfer,
  listTransfersOfRuns,
  requeueTransfer,
  withTransaction,
  type PrismaClient,
  type TransferResultRow,
} from '@rankfall/db';
import { z } from 'zod';
import { RunsError } from '../runs-error';
import { buildTransferMatrix, type TransferMatrix } from './transfer-matrix';

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be an id');

export const requestTransferSchema = z.strictObject({
  teamId: id,
  createdById: id.nullable(),
  runId: id,
  /** Target models; null = every model of the team except the run's own. */
  targetModelIds: z.array(id).min(1).max(100).nullable().default(null),
});

export type RequestTransferInput = z.input<typeof requestTransferSchema>;

export interface TransferRequestOutcome {
  status: 'queued' | 'existing';
  transfer: TransferResultRow;
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = (issue?.path ?? []).map(String).join('.');
    throw new RunsError('INVALID_INPUT', `${field || 'request'}: ${issue?.message ?? 'invalid'}`, field || undefined);
  }
  return parsed.data;
}

/**
 * Requests transfers of a finished run's adversarial PNGs to other models of the team (job `transfer` per
 * (run, target model), each row and its job in one transaction). Idempotent: a pair already done or under way is
 * returned as it is; a failed one is re-queued. The run must have SUCCEEDED; every model must be the team's.
 */
export async function requestTransfers(prisma: PrismaClient, input: RequestTransferInput): Promise<TransferRequestOutcome[]> {
  const request = parse(requestTransferSchema, input);
  const run = await findRunForTransfer(prisma, request.teamId, request.runId);
  if (!run) throw new RunsError('NOT_FOUND', `No run ${request.runId} in this team`, 'runId');
  if (run.status !== 'SUCCEEDED') throw new RunsError('INVALID_STATE', `run ${run.id} is ${run.status.toLowerCase()}: only a succeeded run's adversarial images can be transferred`);
  const wanted = request.targetModelIds ? [...new Set(request.targetModelIds)] : null;
  const models = await listTeamModelsForTransfer(prisma, request.teamId, wanted);
  if (wanted) {
    const missing = wanted.filter((modelId) => !models.some((model) => model.id === modelId));
    if (missing.length) throw new RunsError('NOT_FOUND', `No model ${missing.join(', ')} in this team`, 'targetModelIds');
  }
  const targets = wanted ? models : models.filter((model) => model.id !== run.modelId);
  if (targets.length === 0) throw new RunsError('INVALID_INPUT', 'targetModelIds: the team has no other model to transfer to (register one with rankfall model import)', 'targetModelIds');
  return withTransaction(prisma, async (tx) => {
    const outcomes: TransferRequestOutcome[] = [];
    for (const target of targets) {
      const existing = await findTransferFor(tx, run.id, target.id);
      if (existing && existing.status !== 'FAILED' && existing.status !== 'CANCELLED') {
        outcomes.push({ status: 'existing', transfer: existing });
        continue;
      }
      const transfer = existing ? await requeueTransfer(tx, existing.id) : await insertTransfer(tx, { runId: run.id, targetModelId: target.id, createdById: request.createdById });
      await enqueueJob(tx, 'transfer', { transferId: transfer.id });
      outcomes.push({ status: 'queued', transfer });
    }
    return outcomes;
  });
}

/** The transfers of a team's run (none for another team's run). */
export function runTransfers(prisma: PrismaClient, teamId: string, runId: string): Promise<TransferResultRow[]> {
  return listTransfersOfRuns(prisma, teamId, [runId]);
}

/**
 * The model × model table of a team's runs (default: the 50 newest runs that have transfers): one row per run
 * (its source model), one column per target model, one cell per transfer. Runs of other teams are left out.
 */
export async function transferMatrix(prisma: PrismaClient, teamId: string, runIds: readonly string[] | null): Promise<TransferMatrix> {
  if (runIds) parse(z.array(id).max(200), runIds);
  const ids = runIds && runIds.length ? [...new Set(runIds)] : await listRunIdsWithTransfers(prisma, teamId);
  const runs = await listRunsForTransferMatrix(prisma, teamId, ids);
  const transfers = await listTransfersOfRuns(prisma, teamId, runs.map((run) => run.id));
  const models = await listTeamModelsForTransfer(prisma, teamId, [...new Set(transfers.map((t) => t.targetModelId))]);
  return buildTransferMatrix(runs, transfers, models);
}
