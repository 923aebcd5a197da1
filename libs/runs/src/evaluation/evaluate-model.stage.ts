import { findEvaluationForExecution, listEvaluationImages, transitionModelEvaluation, type PrismaClient } from '@rankfall/db';
import { catalogEntry } from '@rankfall/iqa-models';
import { bootstrapCi, krocc, plcc, srocc } from '@rankfall/metrics';
import { RunsError } from '../runs-error';
import { loadRunImage, scoreImage } from '../stages/run-image-loader';
import { throwIfStopping } from '../stages/run-guards';
import type { StageContext, StageOutcome } from '../stages/stage-context';
import { reportedFor } from './reported-performance';

/** Seed and resamples of the evaluation CIs (the same defaults as a run's aggregate stage). */
export const EVALUATION_BOOTSTRAP = { seed: 919, resamples: 1000 } as const;

/** SROCC, PLCC and KROCC of scores vs MOS, each with its 95 % paired-bootstrap CI (raw: negative when the directions differ). */
export function cleanCorrelations(mos: readonly number[], scores: readonly number[]) {
  const ci = (statistic: (a: Float64Array, b: Float64Array) => number) => bootstrapCi((a, b) => statistic(a as Float64Array, b as Float64Array), [mos, scores], { ...EVALUATION_BOOTSTRAP, onDegenerate: 'skip' });
  return { srocc: ci(srocc), plcc: ci(plcc), krocc: ci(krocc) };
}

/**
 * Job `evaluate-model`: the model's score of every image of the dataset split (one image decoded at a time, scored
 * exactly as a run's clean-scoring stage scores it), SROCC/PLCC/KROCC vs MOS with 95 % CIs, and the catalog's
 * reported number for this dataset's format, written in one update. Idempotent: a finished evaluation is skipped;
 * a restarted job recomputes from the stored images (nothing is written before the end).
 */
export async function executeModelEvaluation(ctx: StageContext, evaluationId: string): Promise<StageOutcome> {
  const evaluation = await findEvaluationForExecution(ctx.prisma, evaluationId);
  if (!evaluation || (evaluation.status !== 'QUEUED' && evaluation.status !== 'RUNNING')) return 'skipped';
  if (evaluation.model.teamId !== evaluation.dataset.teamId) throw new RunsError('INVALID_INPUT', `evaluation ${evaluationId}: the model and the dataset belong to different teams`);
  await transitionModelEvaluation(ctx.prisma, evaluationId, ['QUEUED', 'RUNNING'], 'RUNNING');
  const started = performance.now();
  const images = await listEvaluationImages(ctx.prisma, evaluation.datasetId, evaluation.split);
  if (images.length < 3) throw new RunsError('INVALID_INPUT', `evaluation ${evaluationId}: the dataset split has ${images.length} images; at least 3 are needed`);
  const model = await ctx.models.get(ctx.store, evaluation.model);
  const scores: number[] = [];
  for (const image of images) {
    throwIfStopping(ctx);
    const decoded = await loadRunImage(ctx.store, { ...image, result: null });
    const score = scoreImage(model, decoded.data, decoded.height, decoded.width);
    if (!Number.isFinite(score)) throw new RunsError('INVALID_INPUT', `model "${evaluation.model.catalogId}" returned a non-finite score for image ${image.key}`);
    scores.push(score);
  }
  const { srocc: s, plcc: p, krocc: k } = cleanCorrelations(images.map((image) => image.mos), scores);
  const reported = reportedFor(catalogEntry(evaluation.model.catalogId), evaluation.dataset.format);
  await transitionModelEvaluation(ctx.prisma, evaluationId, ['RUNNING'], 'SUCCEEDED', {
    imageCount: images.length,
    reproducedSrocc: s.estimate,
    sroccCiLow: s.lower,
    sroccCiHigh: s.upper,
    reproducedPlcc: p.estimate,
    plccCiLow: p.lower,
    plccCiHigh: p.upper,
    reproducedKrocc: k.estimate,
    kroccCiLow: k.lower,
    kroccCiHigh: k.upper,
    reportedSrocc: reported?.srocc ?? null,
    reportedPlcc: reported?.plcc ?? null,
    reportedSource: reported ? `${reported.source} [${reported.sourceKind}]` : null,
    reportedProtocol: reported ? `${reported.dataset}: ${reported.protocol}` : null,
    backend: ctx.backend?.name ?? null,
    durationMs: Math.round(performance.now() - started),
  });
  ctx.log?.(`evaluation ${evaluationId}: ${images.length} images, SROCC ${s.estimate.toFixed(4)}`);
  return 'done';
}

/** Fails an evaluation with its reason (the worker edge, for bad input or exhausted retries). */
export async function failModelEvaluation(prisma: PrismaClient, evaluationId: string, failure: { code: string; message: string }): Promise<void> {
  await transitionModelEvaluation(prisma, evaluationId, ['QUEUED', 'RUNNING'], 'FAILED', { errorCode: failure.code, errorMessage: failure.message });
}
