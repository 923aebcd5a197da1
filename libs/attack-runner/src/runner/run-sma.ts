import type { IqaModel } from '@rankfall/iqa-models';
import * as tf from '@tensorflow/tfjs';
import { createStage1State, runStage1, type SmaStage1ConfigInput } from '../sma';
import { AttackError } from './attack-error';
import type { PerturbationMetrics } from './perturbation-metrics';
import { runAttack } from './run-attack';

/** One image of an SMA run, in [0,1] HWC RGB (owned by the caller). */
export interface SmaImage {
  readonly key: string;
  readonly data: Float32Array;
  readonly height: number;
  readonly width: number;
}

export interface SmaImageResult {
  readonly key: string;
  readonly cleanScore: number;
  /** Stage 1's target for this image. */
  readonly targetScore: number;
  /** Score of the continuous adversarial image. */
  readonly attackedScoreFloat: number;
  /** Score of the adversarial image quantised to 8 bits (what a saved PNG gives): the reported number. */
  readonly attackedScore: number;
  readonly metrics: PerturbationMetrics;
  /** Score before each stage-2 step, then the final (float) score. */
  readonly trajectory: readonly number[];
  /** The quantised adversarial image, HWC RGB bytes (write it as a PNG). */
  readonly adversarialRgb: Uint8Array;
  readonly durationMs: number;
}

export type SmaProgress =
  | { readonly stage: 'clean-scoring'; readonly done: number; readonly total: number }
  | { readonly stage: 'targets'; readonly done: number; readonly total: number }
  | { readonly stage: 'perturb'; readonly done: number; readonly total: number; readonly result: SmaImageResult };

export interface RunSmaRequest {
  readonly model: IqaModel;
  readonly images: readonly SmaImage[];
  /** Stage 1 config (paper defaults); `scoreRange` defaults to the model's. */
  readonly stage1?: SmaStage1ConfigInput;
  /** Stage 2 (`sma-stage2` attack) config (paper defaults). */
  readonly stage2?: unknown;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: SmaProgress) => void | Promise<void>;
}

export interface RunSmaResult {
  readonly cleanScores: readonly number[];
  readonly targets: readonly number[];
  readonly results: readonly SmaImageResult[];
  /** Stage-1 hard SROCC(targets, clean) as the optimiser reports it. */
  readonly targetSrocc: number;
}

function scoreOne(model: IqaModel, image: SmaImage, data: Float32Array = image.data): number {
  return tf.tidy(() => model.score(tf.tensor4d(data, [1, image.height, image.width, 3])).dataSync()[0] ?? Number.NaN);
}

/**
 * SMA on a set (SMA.md §1–3): scores every clean image, optimises the targets of the whole set
 * (stage 1, float64), then moves each image towards its target with the `sma-stage2` attack (stage 2),
 * quantises the result to 8 bits and re-scores it (§9 item 8: the reported score is the saved image's).
 * Cancellation is honoured between images and between iterations; finished images are reported through
 * `onProgress` as they complete, so a caller can keep them.
 */
export async function runSma(request: RunSmaRequest): Promise<RunSmaResult> {
  const { model, images, signal } = request;
  if (images.length < 3) throw new AttackError('INVALID_INPUT', `SMA attacks the ranking of a set: it needs at least 3 images, got ${images.length}`);
  const cancelled = () => {
    if (signal?.aborted) throw new AttackError('CANCELLED', 'SMA run cancelled');
  };

  const cleanScores: number[] = [];
  for (const [index, image] of images.entries()) {
    cancelled();
    cleanScores.push(scoreOne(model, image));
    await request.onProgress?.({ stage: 'clean-scoring', done: index + 1, total: images.length });
  }
  if (!cleanScores.every(Number.isFinite)) throw new AttackError('NON_FINITE', `model '${model.id}' returned non-finite clean scores`);

  const state = createStage1State(cleanScores, { scoreRange: [model.scoreRange[0], model.scoreRange[1]], ...request.stage1 });
  const total = state.config.iterations;
  // Stage 1 reports progress synchronously; the caller's (async) callbacks are chained and awaited, so a failed
  // progress write surfaces here instead of as an unhandled rejection.
  let reported: Promise<void> = Promise.resolve();
  const stage1 = await runStage1(state, {
    ...(signal ? { signal } : {}),
    progressEvery: Math.max(1, Math.floor(total / 10)),
    onProgress: (iteration) => {
      reported = reported.then(() => request.onProgress?.({ stage: 'targets', done: iteration, total }));
    },
  });
  await reported;
  if (stage1.status === 'aborted') cancelled();
  const targets = Array.from(stage1.targets);

  const results: SmaImageResult[] = [];
  for (const [index, image] of images.entries()) {
    cancelled();
    const started = performance.now();
    const clean = tf.tensor4d(image.data, [1, image.height, image.width, 3]);
    try {
      const attack = await runAttack({ attack: 'sma-stage2', config: request.stage2 ?? {}, model, images: clean, targets: [targets[index] ?? Number.NaN], ...(signal ? { signal } : {}) });
      const rgb = new Uint8Array(image.height * image.width * 3);
      const float = attack.adversarial.dataSync();
      for (let i = 0; i < rgb.length; i += 1) rgb[i] = Math.min(255, Math.max(0, Math.round((float[i] ?? 0) * 255)));
      attack.adversarial.dispose();
      attack.perturbation?.dispose();
      const quantised = Float32Array.from(rgb, (v) => v / 255);
      const finalFloat = attack.finalScores[0] ?? Number.NaN;
      const result: SmaImageResult = {
        key: image.key,
        cleanScore: cleanScores[index] ?? Number.NaN,
        targetScore: targets[index] ?? Number.NaN,
        attackedScoreFloat: finalFloat,
        attackedScore: scoreOne(model, image, quantised),
        metrics: attack.perImage[0] as PerturbationMetrics,
        trajectory: [...attack.trajectory.map((row) => row[0] ?? Number.NaN), finalFloat],
        adversarialRgb: rgb,
        durationMs: performance.now() - started,
      };
      results.push(result);
      await request.onProgress?.({ stage: 'perturb', done: index + 1, total: images.length, result });
    } finally {
      clean.dispose();
    }
  }
  return { cleanScores, targets, results, targetSrocc: stage1.hardSrocc };
}
