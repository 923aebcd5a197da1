import { z } from 'zod';
import { SYNTHETIC_DISTORTION_IDS } from './distortions/synthetic-distortions';

/** The default: 24 scenes × 4 distortions × 4 levels + 24 references = 408 PNGs of 64×64. */
export const SYNTHETIC_DEFAULT_DISTORTIONS = ['gaussian-blur', 'gaussian-noise', 'jpeg', 'contrast'] as const;

/**
 * Options of `generateSyntheticDataset` (and of `rankfall dataset synth`): the schema is the type,
 * the defaults are the documented small dataset.
 */
export const syntheticDatasetOptionsSchema = z.object({
  /** Folder to write `images/`, `mos.csv` and `manifest.json` into (created; must be empty unless `overwrite`). */
  outDir: z.string().min(1),
  seed: z.number().int().min(0).max(4_294_967_295).default(1),
  /** Number of procedural reference scenes. */
  references: z.number().int().min(3).max(5000).default(24),
  /** Width = height in pixels. */
  size: z.number().int().min(16).max(1024).default(64),
  distortions: z
    .array(z.enum(SYNTHETIC_DISTORTION_IDS))
    .min(1)
    .refine((ids) => new Set(ids).size === ids.length, { message: 'distortions must not repeat' })
    .default([...SYNTHETIC_DEFAULT_DISTORTIONS]),
  /** Levels per distortion; level l has strength l / levels. */
  levels: z.number().int().min(1).max(10).default(4),
  /** Scene fractions per split (normalised); whole scenes go to one split. */
  splits: z
    .object({ train: z.number().min(0), val: z.number().min(0), test: z.number().min(0) })
    .refine((s) => s.train + s.val + s.test > 0, { message: 'at least one split fraction must be positive' })
    .default({ train: 0.7, val: 0.15, test: 0.15 }),
  /** Also write the undistorted references as images (pseudo-MOS ≈ 95). */
  includeReferences: z.boolean().default(true),
  /** Replace the generator's own outputs (`images/`, `mos.csv`, `manifest.json`) in a non-empty `outDir`. */
  overwrite: z.boolean().default(false),
  /** Scenes processed at once. */
  concurrency: z.number().int().min(1).max(64).default(4),
});

export type SyntheticDatasetOptions = z.input<typeof syntheticDatasetOptionsSchema>;
export type ResolvedSyntheticDatasetOptions = z.output<typeof syntheticDatasetOptionsSchema>;
