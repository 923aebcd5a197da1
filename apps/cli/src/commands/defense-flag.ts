import { DEFENSE_GRADIENT_MODES, runDefenseSchema, type RunDefense } from '@rankfall/runs';
import { z } from 'zod';
import { CliError } from '../cli-error';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * `--defense kind[:name=value,…]` as a run config's `defense` (without gradient): `jpeg:quality=75`,
 * `resize:factor=0.5,method=nearest`, `blur:sigma=1`, `median:k=3`; `lo..hi` gives a range (a randomised
 * defense: `jpeg:quality=60..90`). The values are checked by the run config's schema (runDefenseSchema).
 */
export function parseDefenseFlag(text: string, flag = '--defense'): { kind: string; params: Record<string, unknown> } {
  const match = /^([a-z]+)(?::(.*))?$/.exec(text.trim());
  if (!match?.[1]) throw new CliError('INVALID_FLAG', `${flag} must look like jpeg:quality=75 (kind[:name=value,…]), got "${text}"`);
  const params: Record<string, unknown> = {};
  for (const part of (match[2] ?? '').split(',').filter((p) => p.trim() !== '')) {
    const [name, value, extra] = part.split('=').map((s) => s.trim());
    if (!name || value === undefined || value === '' || extra !== undefined) throw new CliError('INVALID_FLAG', `${flag}: "${part}" must be name=value (e.g. quality=75 or quality=60..90)`);
    const range = value.split('..');
    if (range.length === 2 && range.every((v) => NUMBER.test(v))) params[name] = range.map(Number);
    else if (NUMBER.test(value)) params[name] = Number(value);
    else params[name] = value;
  }
  return { kind: match[1], params };
}

/** `--defense`, `--defense-gradient` and `--eot-samples` checked together, as the run config's `defense`. */
export function defenseFromFlags(input: { defense?: string | undefined; gradient?: string | undefined; eotSamples?: number | undefined }, flag = '--defense'): RunDefense | undefined {
  if (input.defense === undefined) {
    if (input.gradient !== undefined || input.eotSamples !== undefined) throw new CliError('INVALID_FLAG', '--defense-gradient and --eot-samples need --defense');
    return undefined;
  }
  const raw = { ...parseDefenseFlag(input.defense, flag), ...(input.gradient !== undefined ? { gradient: input.gradient } : {}), ...(input.eotSamples !== undefined ? { eotSamples: input.eotSamples } : {}) };
  const parsed = runDefenseSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = (issue?.path ?? []).map(String).join('.');
    throw new CliError('INVALID_FLAG', `${flag} ${input.defense}: ${path ? `${path} ` : ''}${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** A run config with the flags' defense added (a defense in both --config and --defense is refused). */
export function configWithDefense(config: unknown, defense: RunDefense | undefined): unknown {
  if (!defense) return config;
  if (config !== undefined && (typeof config !== 'object' || config === null || Array.isArray(config))) throw new CliError('INVALID_FLAG', '--config must be a JSON object to add --defense to it');
  if (config && 'defense' in config) throw new CliError('INVALID_FLAG', 'give the defense once: in --config {"defense":…} or with --defense');
  return { ...(config as Record<string, unknown> | undefined), defense };
}

/** The CLI options and flag schema fields of a defended run. */
export const defenseOptions = { defense: { type: 'string' }, 'defense-gradient': { type: 'string' }, 'eot-samples': { type: 'string' } } as const;
export const defenseFlagFields = {
  defense: z.string().min(1).optional(),
  'defense-gradient': z.enum(DEFENSE_GRADIENT_MODES, { error: `must be one of ${DEFENSE_GRADIENT_MODES.join(', ')}` }).optional(),
  'eot-samples': z.coerce.number().int().min(1).max(64).optional(),
};
