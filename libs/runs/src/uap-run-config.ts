import { uapAttackConfig } from '@rankfall/attack-runner/configs';
import { z } from 'zod';

export const RUN_SPLITS = ['TRAIN', 'VAL', 'TEST'] as const;
export type RunSplit = (typeof RUN_SPLITS)[number];

const split = (field: string) => z.enum(RUN_SPLITS, { error: `${field} must be one of ${RUN_SPLITS.join(', ')}` });

/**
 * The config of a UAP run: the attack's own fields (uap.config.ts, the notebook's defaults) plus where it learns
 * and where it is applied. `trainSplit`: the split δ is trained on (TRAIN). `attackSplit`: the split whose images
 * the run perturbs and reports (TEST; the request's `split` when the config does not name one). They must differ.
 * `checkpointEvery`: training batches between two checkpoints of δ, its Adam moments and the epoch/batch position.
 */
export const uapRunConfigSchema = uapAttackConfig.schema.extend({
  trainSplit: split('trainSplit').default('TRAIN'),
  attackSplit: split('attackSplit').default('TEST'),
  checkpointEvery: z
    .number({ error: 'checkpointEvery must be a number' })
    .int({ error: 'checkpointEvery must be an integer ≥ 1' })
    .min(1, { error: 'checkpointEvery must be an integer ≥ 1' })
    .max(100_000, { error: 'checkpointEvery must be ≤ 100000' })
    .default(10),
});

export type UapRunConfig = z.output<typeof uapRunConfigSchema>;

/** What a UAP run stores besides the attack's config (`config.train`), read by the TRAIN_UAP stage. */
export interface UapTrainSettings {
  readonly split: RunSplit;
  readonly checkpointEvery: number;
}
