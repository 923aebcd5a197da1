import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { fixturePath } from './fixtures';

/** Schema of `scnn-expected.json` (S-CNN outputs, gradients and the I-FGSM trajectory from PyTorch). */
const nchw = z.tuple([z.number(), z.number(), z.number(), z.number()]);
export const scnnExpectedProbeSchema = z.object({
  name: z.string(),
  input_shape_nchw: nchw,
  feature_shape_nchw: nchw,
  feature_sum: z.number(),
  feature_sumsq: z.number(),
  feature_max: z.number(),
  feature_zero_fraction: z.number(),
  feature_samples: z.array(z.object({ nchw, value: z.number() })),
  gap128: z.array(z.number()).length(128),
  projection256_sum: z.number(),
  logits39: z.array(z.number()).length(39),
  argmax: z.number(),
  softmax_max: z.number(),
  f_mean_logit: z.number(),
  logits39_official_forward: z.array(z.number()).length(39).optional(),
  grad_f_wrt_input: z
    .object({
      sum: z.number(),
      l1: z.number(),
      l2: z.number(),
      positive_fraction: z.number(),
      first8_nchw_flat: z.array(z.number()).length(8),
    })
    .optional(),
  ifgsm: z
    .object({
      target: z.number(),
      eps: z.number(),
      alpha: z.number(),
      iters: z.number(),
      f_before_each_step: z.array(z.number()),
      f_final: z.number(),
      linf: z.number(),
      mean_abs_delta: z.number(),
    })
    .optional(),
});
export const scnnExpectedSchema = z.object({ probes: z.record(z.string(), scnnExpectedProbeSchema) });

export type ScnnExpectedProbe = z.infer<typeof scnnExpectedProbeSchema>;

/** Reads and validates `scnn-expected.json` from the shared fixtures. */
export async function readScnnExpected(): Promise<z.infer<typeof scnnExpectedSchema>> {
  return scnnExpectedSchema.parse(JSON.parse(await readFile(fixturePath('scnn-expected.json'), 'utf8')));
}
