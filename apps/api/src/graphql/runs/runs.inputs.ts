import { z } from 'zod';
import { idSchema, runStatusSchema, splitSchema } from '../inputs';
import { pageArgsSchema } from '../pagination';

export const runIdArgs = z.object({ id: idSchema });

export const runsArgs = pageArgsSchema.extend({
  filter: z
    .object({
      modelId: idSchema.nullish(),
      datasetId: idSchema.nullish(),
      attackId: z.string().min(1).max(64).nullish(),
      status: z.array(runStatusSchema).max(5).nullish(),
      createdById: idSchema.nullish(),
      createdAfter: z.date().nullish(),
      createdBefore: z.date().nullish(),
    })
    .nullish(),
});

const runInput = z.object({
  teamId: idSchema,
  name: z.string().trim().min(1).max(200).nullish(),
  modelId: idSchema,
  datasetId: idSchema,
  split: splitSchema.nullish(),
  imageIds: z.array(idSchema).max(100_000).nullish(),
  attackId: z.string().min(1).max(64),
  /** Shape checked by the attack's own schema in the run engine. */
  config: z.unknown().optional(),
  seed: z.number().int().min(0).max(2_147_483_647).nullish(),
  shardCount: z.number().int().min(1).max(256).nullish(),
});

export const createRunArgs = z.object({ input: runInput });
export const createSweepArgs = z.object({
  input: runInput.extend({ parameter: z.string().min(1).max(64), values: z.array(z.number().finite()).min(1).max(50) }),
});
export const histogramArgs = z.object({ bins: z.number().int().min(1).max(200) });
