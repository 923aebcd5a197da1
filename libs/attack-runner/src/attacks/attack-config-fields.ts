import { z } from 'zod';

/**
 * zod fields shared by the attack configs (without defaults: each config file states its paper's default
 * beside the field). Every error message names its field.
 */
export const attackConfigFields = {
  /** L∞ radius in [0,1] pixel units. */
  epsilon: () =>
    z
      .number({ error: 'epsilon must be a number' })
      .refine((v) => Number.isFinite(v) && v > 0 && v <= 1, { error: 'epsilon must be in (0, 1] (pixel units of [0,1] images)' }),
  /** Step size or learning rate in [0,1] pixel units. */
  step: (field: string) =>
    z
      .number({ error: `${field} must be a number` })
      .refine((v) => Number.isFinite(v) && v > 0 && v <= 1, { error: `${field} must be in (0, 1] (pixel units of [0,1] images)` }),
  count: (field: string, min = 1) =>
    z
      .number({ error: `${field} must be a number` })
      .int({ error: `${field} must be an integer ≥ ${min}` })
      .min(min, { error: `${field} must be an integer ≥ ${min}` })
      .max(100_000, { error: `${field} must be ≤ 100000` }),
  nonNegative: (field: string) =>
    z.number({ error: `${field} must be a number` }).refine((v) => Number.isFinite(v) && v >= 0, { error: `${field} must be a finite number ≥ 0` }),
  goal: () => z.enum(['lower-quality', 'raise-quality'], { error: "goal must be 'lower-quality' or 'raise-quality'" }),
  adamBeta: (field: string) =>
    z.number({ error: `${field} must be a number` }).refine((v) => v >= 0 && v < 1, { error: `${field} must be in [0, 1)` }),
  adamEpsilon: () =>
    z.number({ error: 'adamEpsilon must be a number' }).refine((v) => Number.isFinite(v) && v > 0, { error: 'adamEpsilon must be a finite number > 0' }),
} as const;
