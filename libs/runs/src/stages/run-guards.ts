import { RankfallError } from '@rankfall/job-contracts';
import { isCancelRequested, notifyRunEvent, transitionRun, type Db, type RunForExecution } from '@rankfall/db';
import type { StageContext } from './stage-context';

/** Progress of the whole run: each stage owns a slice of [0, 1]. */
export function runProgress(run: Pick<RunForExecution, 'stages'>, kind: 'CLEAN_SCORING' | 'TARGETS' | 'TRAIN_UAP' | 'PERTURB' | 'AGGREGATE', fraction: number): number {
  const sma = run.stages.some((s) => s.kind === 'TARGETS');
  const uap = run.stages.some((s) => s.kind === 'TRAIN_UAP');
  const slices = uap
    ? { CLEAN_SCORING: [0, 0.05], TARGETS: [0.05, 0.05], TRAIN_UAP: [0.05, 0.7], PERTURB: [0.7, 0.97], AGGREGATE: [0.97, 1] }
    : sma
      ? { CLEAN_SCORING: [0, 0.1], TARGETS: [0.1, 0.2], TRAIN_UAP: [0.2, 0.2], PERTURB: [0.2, 0.97], AGGREGATE: [0.97, 1] }
      : { CLEAN_SCORING: [0, 0.1], TARGETS: [0.1, 0.1], TRAIN_UAP: [0.1, 0.1], PERTURB: [0.1, 0.97], AGGREGATE: [0.97, 1] };
  const [lo, hi] = slices[kind] as [number, number];
  return lo + (hi - lo) * Math.min(1, Math.max(0, fraction));
}

export function isTerminal(run: Pick<RunForExecution, 'status' | 'deletedAt'>): boolean {
  return run.deletedAt !== null || run.status === 'SUCCEEDED' || run.status === 'FAILED' || run.status === 'CANCELLED';
}

/** When a cancel was requested: marks the run CANCELLED (keeping every finished image) and says so. */
export async function cancelIfRequested(db: Db, run: Pick<RunForExecution, 'id' | 'teamId'>, done: string): Promise<boolean> {
  if (!(await isCancelRequested(db, run.id))) return false;
  if (await transitionRun(db, run.id, ['QUEUED', 'RUNNING'], 'CANCELLED', { message: `cancelled (${done})` })) await notifyRunEvent(db, { id: run.id, teamId: run.teamId });
  return true;
}

/** Marks a queued run RUNNING (first stage to start) and records the backend. */
export async function markRunning(ctx: StageContext, run: Pick<RunForExecution, 'id' | 'teamId'>, message: string): Promise<void> {
  const changed = await transitionRun(ctx.prisma, run.id, ['QUEUED'], 'RUNNING', {
    message,
    ...(ctx.backend ? { backend: ctx.backend.name, environment: JSON.parse(JSON.stringify(ctx.backend.environment)) } : {}),
  });
  if (changed) await notifyRunEvent(ctx.prisma, { id: run.id, teamId: run.teamId });
}

/** Stops a stage when the process is shutting down (the job fails and is retried by a live worker). */
export function throwIfStopping(ctx: StageContext): void {
  if (ctx.signal?.aborted) throw new WorkerStoppingError();
}

export class WorkerStoppingError extends RankfallError<'WORKER_STOPPING'> {
  override readonly name = 'WorkerStoppingError';
  constructor() {
    super('WORKER_STOPPING', 'the worker is stopping: the job will be retried');
  }
}
