import { z } from 'zod';

/**
 * NT defense (Norm regularisation Training; Liu, Yang, Li, Ding, Jiang, CVPR 2024; SMA.md §8.2):
 * loss = L + weight · R_NT, R_NT = ½ · mean_batch(d²), d = (f(x + h·v) − f(x)) / h, v = sign(∇_x f(x))
 * detached. The paper's defaults: weight 1e-3, h 1e-2 (h on the ImageNet-normalised input; see
 * `ntPixelStep` for how h maps to [0,1] pixels here).
 */
export const ntDefenseSchema = z.object({
  enabled: z.boolean().default(false),
  /** w, the weight of R_NT in the loss. */
  weight: z.number().min(0).max(1e6).default(1e-3),
  /** h, the finite-difference step (in the model's normalised input space when it has one). */
  h: z.number().positive().max(1).default(1e-2),
});

/**
 * Configuration of `trainModel`: the schema is the type, the defaults are the documented demo
 * setting (the compact CNN on the 96-scene synthetic dataset: 80 epochs of 16 images × 2 random
 * 32² patches, Adam lr 2e-3 with a cosine decay). Adam as in PyTorch (`eps` 1e-8).
 */
export const trainingConfigSchema = z.object({
  epochs: z.number().int().min(1).max(100_000).default(80),
  /** Images per step; each contributes `patchesPerImage` patches to the batch. */
  batchSize: z.number().int().min(1).max(4096).default(16),
  learningRate: z.number().positive().max(10).default(2e-3),
  beta1: z.number().min(0).lt(1).default(0.9),
  beta2: z.number().min(0).lt(1).default(0.999),
  epsilon: z.number().positive().max(1).default(1e-8),
  /** Learning-rate schedule after the warm-up: constant, or cosine decay from `learningRate` to 0. */
  schedule: z.enum(['constant', 'cosine']).default('cosine'),
  /** Fraction of all steps over which the learning rate rises linearly from lr/W to lr (W = warm-up steps); 0 = none. */
  warmup: z.number().min(0).max(0.5).default(0),
  /** Loss on scores (targets are the MOS mapped to the model's score scale, see `mosToScoreTarget`). */
  loss: z.enum(['mse', 'l1']).default('mse'),
  /** Side of the random square training patches, in pixels. */
  patchSize: z.number().int().min(8).max(4096).default(32),
  patchesPerImage: z.number().int().min(1).max(256).default(2),
  /** Random horizontal flips (probability ½ per patch). */
  flip: z.boolean().default(true),
  /** Seeds the order of the images, the patch positions and the flips (not the initial weights). */
  seed: z.number().int().min(0).max(4_294_967_295).default(1),
  /** Images per forward pass when scoring the validation and test splits. */
  evalBatchSize: z.number().int().min(1).max(4096).default(32),
  nt: ntDefenseSchema.prefault({}),
});

export type TrainingConfig = z.output<typeof trainingConfigSchema>;
export type TrainingConfigInput = z.input<typeof trainingConfigSchema>;
export type NtDefenseConfig = z.output<typeof ntDefenseSchema>;
