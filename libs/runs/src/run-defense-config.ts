import { z } from 'zod';

/**
 * The `defense` option of a run config (zod only, no TF.js: the API parses it too). The stages wrap the run's model
 * with `defendModel` (@rankfall/iqa-models): clean and attacked scores are the DEFENDED model's, and the attack's
 * gradient goes through `gradient`. A parameter given as `[lo, hi]` is drawn per image and pass (a randomised
 * defense; EOT needs one). docs/defenses.md explains each defense and mode.
 */
export const DEFENSE_KINDS = ['jpeg', 'resize', 'blur', 'median'] as const;
export const DEFENSE_GRADIENT_MODES = ['exact', 'bpda', 'eot'] as const;

function param(lo: number, hi: number, options: { integer?: boolean; loOpen?: boolean } = {}) {
  const describe = `${options.integer ? 'an integer' : 'a number'} in ${options.loOpen ? '(' : '['}${lo}, ${hi}]`;
  let value = z.number({ error: `must be ${describe}` });
  if (options.integer) value = value.int({ error: `must be ${describe}` });
  value = options.loOpen ? value.gt(lo, { error: `must be ${describe}` }) : value.min(lo, { error: `must be ${describe}` });
  value = value.max(hi, { error: `must be ${describe}` });
  const range = z.tuple([value, value]).refine(([a, b]) => a <= b, { error: 'a range must be [lo, hi] with lo ≤ hi' });
  return z.union([value, range], { error: `must be ${describe}, or a range [lo, hi] of them` });
}

const common = {
  /** Default bpda: a defended number from the non-adaptive attacker (exact) is asked for, never the default. */
  gradient: z.enum(DEFENSE_GRADIENT_MODES, { error: `must be one of ${DEFENSE_GRADIENT_MODES.join(', ')}` }).default('bpda'),
  eotSamples: z.number({ error: 'must be an integer in [1, 64]' }).int({ error: 'must be an integer in [1, 64]' }).min(1, { error: 'must be an integer in [1, 64]' }).max(64, { error: 'must be an integer in [1, 64]' }).default(8),
};

export const runDefenseSchema = z
  .discriminatedUnion(
    'kind',
    [
      z.strictObject({ kind: z.literal('jpeg'), params: z.strictObject({ quality: param(1, 100, { integer: true }).default(75) }).default({ quality: 75 }), ...common }),
      z.strictObject({
        kind: z.literal('resize'),
        params: z.strictObject({ factor: param(0, 1, { loOpen: true }).default(0.5), method: z.enum(['bilinear', 'nearest']).default('bilinear') }).default({ factor: 0.5, method: 'bilinear' }),
        ...common,
      }),
      z.strictObject({ kind: z.literal('blur'), params: z.strictObject({ sigma: param(0, 10, { loOpen: true }).default(1) }).default({ sigma: 1 }), ...common }),
      z.strictObject({
        kind: z.literal('median'),
        params: z.strictObject({ k: z.number({ error: 'must be an odd integer in [3, 9]' }).int({ error: 'must be an odd integer in [3, 9]' }).min(3, { error: 'must be an odd integer in [3, 9]' }).max(9, { error: 'must be an odd integer in [3, 9]' }).refine((k) => k % 2 === 1, { error: 'must be odd (3, 5, 7 or 9)' }).default(3) }).default({ k: 3 }),
        ...common,
      }),
    ],
    { error: `kind must be one of ${DEFENSE_KINDS.join(', ')}` },
  )
  .refine((d) => d.gradient !== 'eot' || Object.values(d.params).some(Array.isArray), {
    error: 'eot needs a randomised defense: give a parameter as a range [lo, hi] (e.g. quality [60, 90]), or use bpda',
    path: ['gradient'],
  });

export type RunDefense = z.output<typeof runDefenseSchema>;
