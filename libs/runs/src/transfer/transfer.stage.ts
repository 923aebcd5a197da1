import { findTransferForExecution, listTransferImages, transitionTransfer, type PrismaClient } from '@rankfall/db';
import { srocc } from '@rankfall/metrics';
import { RunsError } from '../runs-error';
import { throwIfStopping } from '../stages/run-guards';
import type { StageContext, StageOutcome } from '../stages/stage-context';
import { scoreStoredImage } from './score-stored-image';

/** What a transfer measures, from MOS and the target model's clean and attacked scores (pure). */
export function transferStatistics(mos: readonly number[], clean: readonly number[], attacked: readonly number[]) {
  const n = clean.length;
  return {
    n,
    cleanSrocc: srocc(mos, clean),
    attackedSrocc: srocc(mos, attacked),
    cleanToAttackedSrocc: srocc(clean, attacked),
    meanAbsDelta: clean.reduce((sum, value, i) => sum + Math.abs((attacked[i] as number) - value), 0) / n,
  };
}

/**
 * Job `transfer` (key `transfer:<id>`): the target model scores every clean image of the run and every
 * adversarial 8-bit PNG the run stored (scoreStoredImage: the perturb stage's scoring path), then SROCC vs MOS of
 * both, clean↔attacked SROCC and mean |Δ| are written in one update. Idempotent: a finished transfer is skipped;
 * a restarted job starts over (nothing is written before the end).
 */
export async function executeTransfer(ctx: StageContext, transferId: string): Promise<StageOutcome> {
  const transfer = await findTransferForExecution(ctx.prisma, transferId);
  if (!transfer || (transfer.status !== 'QUEUED' && transfer.status !== 'RUNNING')) return 'skipped';
  if (transfer.run.deletedAt !== null || transfer.run.status !== 'SUCCEEDED') throw new RunsError('INVALID_STATE', `run ${transfer.runId} is no longer a succeeded run`);
  if (transfer.targetModel.teamId !== transfer.run.teamId) throw new RunsError('INVALID_INPUT', `transfer ${transferId}: the target model belongs to another team`);
  await transitionTransfer(ctx.prisma, transferId, ['QUEUED', 'RUNNING'], 'RUNNING');
  const started = performance.now();
  const images = await listTransferImages(ctx.prisma, transfer.runId);
  if (images.length < 3) throw new RunsError('INVALID_INPUT', `run ${transfer.runId} has ${images.length} attacked images; a transfer needs at least 3`);
  const model = await ctx.models.get(ctx.store, transfer.targetModel);
  const clean: number[] = [];
  const attacked: number[] = [];
  for (const image of images) {
    throwIfStopping(ctx);
    clean.push(await scoreStoredImage(ctx.store, model, image.cleanArtifactKey, image.key));
    attacked.push(await scoreStoredImage(ctx.store, model, image.adversarialArtifactKey, `adversarial ${image.key}`));
  }
  const stats = transferStatistics(images.map((image) => image.mos), clean, attacked);
  await transitionTransfer(ctx.prisma, transferId, ['RUNNING'], 'SUCCEEDED', { ...stats, backend: ctx.backend?.name ?? null, durationMs: Math.round(performance.now() - started) });
  ctx.log?.(`transfer ${transferId}: run ${transfer.runId} → ${transfer.targetModel.name}: ${stats.n} images`);
  return 'done';
}

/** Fails a transfer with its reason (the worker edge). */
export async function failTransfer(prisma: PrismaClient, transferId: string, failure: { code: string; message: string }): Promise<void> {
  await transitionTransfer(prisma, transferId, ['QUEUED', 'RUNNING'], 'FAILED', { errorCode: failure.code, errorMessage: failure.message });
}
