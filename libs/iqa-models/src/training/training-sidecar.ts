import { z } from 'zod';
import { trainingConfigSchema } from './training.config';

/** Format tag of `<name>.training.json`; bump when a field changes meaning. */
export const TRAINING_SIDECAR_FORMAT = 'rankfall-training-record/v1';

const splitEvaluationSchema = z.object({
  count: z.number().int().min(0),
  loss: z.number(),
  srocc: z.number().nullable(),
  plcc: z.number().nullable(),
});

const epochRecordSchema = z.object({
  epoch: z.number().int().min(1),
  loss: z.number(),
  taskLoss: z.number(),
  ntPenalty: z.number().nullable(),
  val: splitEvaluationSchema.nullable(),
  elapsedSeconds: z.number().min(0),
});

/**
 * `<name>.training.json`, written next to `<name>.safetensors` by `saveTrainedModel`: how the weights
 * were made and how well they do, for a catalog entry to cite (`training.results`). No git data:
 * the record describes the run, not the checkout.
 */
export const trainingSidecarSchema = z.object({
  format: z.literal(TRAINING_SIDECAR_FORMAT),
  /** Model name (the weight file's stem), e.g. `rankfall-demo-cnn`. */
  name: z.string().min(1),
  architecture: z.string().min(1),
  /** The facts the model was trained under (targets depend on them). */
  facts: z.object({
    lowerBetter: z.boolean(),
    scoreRange: z.tuple([z.number(), z.number()]),
    normalization: z.object({ mean: z.tuple([z.number(), z.number(), z.number()]), std: z.tuple([z.number(), z.number(), z.number()]) }).nullable(),
  }),
  parameters: z.number().int().min(0),
  weights: z.object({ file: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().min(0) }),
  /** The command that produced it (e.g. `rankfall model train …`), null when trained from code. */
  commandLine: z.string().nullable(),
  config: trainingConfigSchema,
  /** Seed of the initial weights (`architecture.initialWeights(seed)`), null when training started from given weights. */
  initSeed: z.number().int().nullable(),
  dataset: z.object({
    name: z.string().min(1),
    version: z.string().min(1),
    /** Generator seed of a synthetic dataset, null otherwise. */
    seed: z.number().int().nullable(),
    mosRange: z.tuple([z.number(), z.number()]),
    lowerBetter: z.boolean(),
    counts: z.object({ train: z.number().int(), val: z.number().int(), test: z.number().int() }),
  }),
  epochs: z.array(epochRecordSchema),
  test: splitEvaluationSchema,
  steps: z.number().int().min(0),
  wallSeconds: z.number().min(0),
  backend: z.string().min(1),
  /** ISO 8601 time the weights were saved. */
  date: z.iso.datetime(),
});

export type TrainingSidecar = z.output<typeof trainingSidecarSchema>;
