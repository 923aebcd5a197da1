import * as tf from '@tensorflow/tfjs';
import { seededUniform } from '../architectures/initial-weights';
import type { IqaModel } from '../iqa-model';
import { evaluateSplit, type SplitEvaluation } from './evaluate-split';
import { ntDirection, ntFiniteDifference, ntPixelStep, ntRegularizer } from './nt-regularizer';
import { samplePatchBatch } from './patch-sampler';
import { predictImageScores } from './predict-image-scores';
import { mosToScoreTarget } from './score-targets';
import type { TrainingDataset, TrainingImage, TrainingSplit } from './training-dataset';
import { TrainingError } from './training-error';
import { trainingConfigSchema, type TrainingConfig, type TrainingConfigInput } from './training.config';

/** What one epoch did: mean training losses over its steps, and the validation split after it. */
export interface TrainingEpochRecord {
  /** 1-based. */
  readonly epoch: number;
  /** Mean over the epoch's steps of the optimised loss (task loss + w·R_NT). */
  readonly loss: number;
  /** Mean task loss (mse / l1 on patch scores). */
  readonly taskLoss: number;
  /** Mean R_NT (null without the NT defense). */
  readonly ntPenalty: number | null;
  /** Whole-image evaluation of the `val` split after the epoch (null when it has fewer than 3 images). */
  readonly val: SplitEvaluation | null;
  /** Seconds since training started, at the end of this epoch (validation included). */
  readonly elapsedSeconds: number;
}

export type TrainingProgress =
  | {
      readonly kind: 'step';
      readonly epoch: number;
      readonly epochs: number;
      /** 1-based step within the epoch. */
      readonly step: number;
      readonly stepsPerEpoch: number;
      readonly loss: number;
      readonly taskLoss: number;
      readonly ntPenalty: number | null;
      readonly elapsedSeconds: number;
    }
  | {
      readonly kind: 'epoch';
      readonly epochs: number;
      readonly record: TrainingEpochRecord;
      /** Remaining epochs × mean seconds per epoch so far. */
      readonly etaSeconds: number;
    };

export interface TrainModelOptions {
  /** Called after every step and after every epoch (synchronously, between steps). */
  readonly onProgress?: (progress: TrainingProgress) => void;
  /** Checked between steps: training stops with TrainingError ABORTED (the model keeps the weights reached). */
  readonly signal?: AbortSignal;
}

export interface TrainingResult {
  readonly config: TrainingConfig;
  readonly counts: Readonly<Record<TrainingSplit, number>>;
  readonly epochs: readonly TrainingEpochRecord[];
  /** Whole-image evaluation of the `test` split with the final weights. */
  readonly test: SplitEvaluation;
  readonly steps: number;
  readonly wallSeconds: number;
  /** The TF.js backend that ran it (`tf.getBackend()`). */
  readonly backend: string;
}

interface Labelled {
  readonly image: TrainingImage;
  readonly target: number;
}

function parseConfig(input: TrainingConfigInput): TrainingConfig {
  const parsed = trainingConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TrainingError('INVALID_CONFIG', `training config ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** The patch must be something the model accepts (its input spec), whatever the images. */
function checkPatchSize(model: IqaModel, patchSize: number): void {
  const input = model.input;
  const ok =
    input.kind === 'any' ? patchSize >= input.minSize : input.kind === 'fixed' ? patchSize === input.height && patchSize === input.width : patchSize >= input.patchSize;
  if (!ok) {
    const needs =
      input.kind === 'any' ? `at least ${input.minSize}` : input.kind === 'fixed' ? `exactly ${input.height} (its fixed input)` : `at least ${input.patchSize} (its patch size)`;
    throw new TrainingError('INVALID_PATCH', `model ${model.id}: patch size ${patchSize}, the model needs ${needs}`);
  }
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

function evaluate(model: IqaModel, items: readonly Labelled[], config: TrainingConfig): SplitEvaluation {
  const predictions = predictImageScores(model, items.map((item) => item.image), config.evalBatchSize);
  return evaluateSplit(predictions, Float64Array.from(items, (item) => item.target), config.loss);
}

/**
 * The learning rate of 0-based step `step` of `total`: a linear warm-up over the first
 * W = round(warmup·total) steps (lr·(step + 1)/W), then constant or a cosine from lr down to 0 over
 * the remaining steps (lr·½(1 + cos(π·(step − W)/(total − W)))).
 */
export function learningRateAt(config: Pick<TrainingConfig, 'learningRate' | 'schedule' | 'warmup'>, step: number, total: number): number {
  const warmupSteps = Math.round(config.warmup * total);
  if (step < warmupSteps) return (config.learningRate * (step + 1)) / warmupSteps;
  if (config.schedule === 'constant') return config.learningRate;
  return 0.5 * config.learningRate * (1 + Math.cos((Math.PI * (step - warmupSteps)) / (total - warmupSteps)));
}

/** tf.train.adam reads its (protected) `learningRate` field at every update; setting it keeps the moments. */
function setLearningRate(optimizer: tf.AdamOptimizer, learningRate: number): void {
  (optimizer as unknown as { learningRate: number }).learningRate = learningRate;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Trains `model.trainableVariables` in place on the `train` split of `dataset`.
 *
 * - Targets: each MOS mapped onto the model's score scale and direction (`mosToScoreTarget`).
 * - Each epoch visits the train images once in a seeded random order, `batchSize` images per step;
 *   every image gives `patchesPerImage` random `patchSize`² patches (random horizontal flips), each
 *   with the image's target. Loss `mse` or `l1` on the patch scores; Adam (lr, β1, β2, ε), the
 *   learning rate warmed up linearly, then constant or decayed along a cosine (`warmup`, `schedule`).
 * - NT defense (`config.nt.enabled`): loss = L + w·R_NT (see `nt-regularizer.ts`), v computed per
 *   step in its own tidy before the weight gradient (detached).
 * - After each epoch the `val` split is scored on whole images (`predictImageScores`): loss, SROCC,
 *   PLCC; at the end the `test` split (required, ≥ 3 images) with the final weights.
 * - Deterministic for a seed on one backend: one seeded PRNG draws the order, patches and flips.
 * - One `tf.tidy` per step (the tensor count is constant across steps); the AbortSignal is checked
 *   between steps, where the event loop also gets a turn.
 */
export async function trainModel(model: IqaModel, dataset: TrainingDataset, configInput: TrainingConfigInput = {}, options: TrainModelOptions = {}): Promise<TrainingResult> {
  const config = parseConfig(configInput);
  const variables = [...model.trainableVariables];
  if (variables.length === 0) throw new TrainingError('NOT_TRAINABLE', `model ${model.id} has no trainable variables`);
  checkPatchSize(model, config.patchSize);

  const scale = { range: dataset.mosRange, lowerBetter: dataset.lowerBetter };
  const splits: Record<TrainingSplit, Labelled[]> = { train: [], val: [], test: [] };
  for (const image of dataset.images) splits[image.split].push({ image, target: mosToScoreTarget(image.mos, scale, model) });
  if (splits.train.length === 0) throw new TrainingError('EMPTY_SPLIT', `dataset ${dataset.name} has no train images`);
  if (splits.test.length < 3) throw new TrainingError('EMPTY_SPLIT', `dataset ${dataset.name} has ${splits.test.length} test images; SROCC/PLCC need at least 3`);
  for (const { image } of splits.train) {
    if (image.height < config.patchSize || image.width < config.patchSize) {
      throw new TrainingError('INVALID_PATCH', `image ${image.key} is ${image.height}×${image.width}, smaller than the ${config.patchSize}×${config.patchSize} training patch`);
    }
  }

  const started = performance.now();
  const seconds = (): number => (performance.now() - started) / 1000;
  const random = seededUniform(config.seed);
  const optimizer = tf.train.adam(config.learningRate, config.beta1, config.beta2, config.epsilon);
  const ntStep = ntPixelStep(model.normalization, config.nt.h);
  const { patchSize, patchesPerImage } = config;
  const stepsPerEpoch = Math.ceil(splits.train.length / config.batchSize);
  const totalSteps = stepsPerEpoch * config.epochs;
  const epochs: TrainingEpochRecord[] = [];
  let steps = 0;

  try {
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const order = shuffle([...splits.train], random);
      let lossSum = 0;
      let taskSum = 0;
      let ntSum = 0;
      for (let step = 1; step <= stepsPerEpoch; step++) {
        if (options.signal?.aborted) throw new TrainingError('ABORTED', `training aborted at epoch ${epoch}, step ${step}`);
        const batch = order.slice((step - 1) * config.batchSize, step * config.batchSize);
        setLearningRate(optimizer, learningRateAt(config, steps, totalSteps));
        const pixels = samplePatchBatch(batch.map((item) => item.image), patchSize, patchesPerImage, config.flip, random);
        const targets = Float32Array.from(batch.flatMap((item) => Array<number>(patchesPerImage).fill(item.target)));
        let loss = Number.NaN;
        let taskLoss = Number.NaN;
        let ntPenalty: number | null = null;
        tf.tidy(() => {
          const x = tf.tensor4d(pixels, [targets.length, patchSize, patchSize, 3]);
          const y = tf.tensor1d(targets);
          const direction = config.nt.enabled ? ntDirection(model, x) : null;
          const cost = optimizer.minimize(
            () => {
              const scores = model.score(x);
              const errors = tf.sub(scores, y);
              const task = config.loss === 'mse' ? tf.mean(tf.square(errors)) : tf.mean(tf.abs(errors));
              taskLoss = task.dataSync()[0]!;
              if (direction === null) return task as tf.Scalar;
              const penalty = ntRegularizer(ntFiniteDifference(model, x, direction, ntStep, config.nt.h, scores));
              ntPenalty = penalty.dataSync()[0]!;
              return tf.add(task, tf.mul(penalty, config.nt.weight)) as tf.Scalar;
            },
            true,
            variables,
          );
          loss = cost!.dataSync()[0]!;
        });
        steps += 1;
        if (!Number.isFinite(loss)) {
          throw new TrainingError('NON_FINITE_LOSS', `loss is ${loss} at epoch ${epoch}, step ${step} (learning rate ${config.learningRate} too high?)`);
        }
        lossSum += loss;
        taskSum += taskLoss;
        ntSum += ntPenalty ?? 0;
        options.onProgress?.({ kind: 'step', epoch, epochs: config.epochs, step, stepsPerEpoch, loss, taskLoss, ntPenalty, elapsedSeconds: seconds() });
        await yieldToEventLoop();
      }
      const record: TrainingEpochRecord = {
        epoch,
        loss: lossSum / stepsPerEpoch,
        taskLoss: taskSum / stepsPerEpoch,
        ntPenalty: config.nt.enabled ? ntSum / stepsPerEpoch : null,
        val: splits.val.length >= 3 ? evaluate(model, splits.val, config) : null,
        elapsedSeconds: seconds(),
      };
      epochs.push(record);
      options.onProgress?.({ kind: 'epoch', epochs: config.epochs, record, etaSeconds: (record.elapsedSeconds / epoch) * (config.epochs - epoch) });
    }
    const test = evaluate(model, splits.test, config);
    return {
      config,
      counts: { train: splits.train.length, val: splits.val.length, test: splits.test.length },
      epochs,
      test,
      steps,
      wallSeconds: seconds(),
      backend: tf.getBackend(),
    };
  } finally {
    optimizer.dispose();
  }
}
