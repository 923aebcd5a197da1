import { attackConfigRegistry, smaStage1ConfigSchema, type AttackId } from '@rankfall/attack-runner/configs';
import type { z } from 'zod';
import { runDefenseSchema, type RunDefense } from './run-defense-config';
import { RunsError } from './runs-error';
import { uapRunConfigSchema, type RunSplit, type UapTrainSettings } from './uap-run-config';

type StageKind = 'CLEAN_SCORING' | 'TARGETS' | 'TRAIN_UAP' | 'PERTURB' | 'AGGREGATE';

/** How one attack runs as a Run: its stages and how its config is parsed (zod only: no TF.js here). */
export interface RunAttackDefinition {
  readonly id: string;
  readonly name: string;
  readonly stages: readonly StageKind[];
  /** The attack the perturb stage runs per image (a registry id of @rankfall/attack-runner). */
  readonly perturbAttack: AttackId;
  /** Parses a run config (defaults filled in) for a model with this score range and a set of `imageCount` images. */
  parseConfig(config: unknown, scoreRange: readonly [number, number], imageCount: number): RunConfig;
  /**
   * Attacks that learn on one split and attack another (UAP): both splits, from the config and the request's
   * split (`requested`, null when it names none). Called before the run's images are counted.
   */
  splits?(config: unknown, requested: RunSplit | null): { readonly attack: RunSplit; readonly train: RunSplit };
  /** The schema of the config a run takes, when it is not the perturb attack's own (UAP adds its splits): for clients' forms. */
  readonly configSchema?: z.ZodType;
}

export interface RunConfig {
  /** What is stored on the run and read by the stages. */
  readonly stored: { readonly preset?: SmaPreset; readonly stage1?: z.output<typeof smaStage1ConfigSchema>; readonly train?: UapTrainSettings; readonly attack: Record<string, unknown>; readonly defense?: RunDefense };
  readonly budgetNorm: string | null;
  readonly budgetEpsilon: number | null;
}

function issuesOf(error: z.ZodError, prefix: string): { message: string; field: string } {
  const issue = error.issues[0];
  const field = [prefix, ...(issue?.path ?? []).map(String)].filter(Boolean).join('.');
  return { field, message: `${field || 'config'}: ${issue?.message ?? 'invalid'}` };
}

function parseAttackConfig(id: AttackId, raw: unknown, prefix: string): Record<string, unknown> {
  const parsed = attackConfigRegistry[id].schema.safeParse(raw ?? {});
  if (!parsed.success) {
    const { field, message } = issuesOf(parsed.error, prefix);
    throw new RunsError('INVALID_INPUT', message, field);
  }
  return parsed.data as Record<string, unknown>;
}

function budgetOf(id: AttackId, config: Record<string, unknown>): { budgetNorm: string | null; budgetEpsilon: number | null } {
  const epsilon = typeof config['epsilon'] === 'number' ? config['epsilon'] : null;
  return { budgetNorm: attackConfigRegistry[id].metadata.norm === 'linf' || epsilon !== null ? 'linf' : null, budgetEpsilon: epsilon };
}

function perImageAttack(id: Exclude<AttackId, 'sma-stage2' | 'uap'>): RunAttackDefinition {
  return {
    id,
    name: attackConfigRegistry[id].metadata.name,
    stages: ['CLEAN_SCORING', 'PERTURB', 'AGGREGATE'],
    perturbAttack: id,
    parseConfig(config) {
      const attack = parseAttackConfig(id, config, 'config');
      return { stored: { attack }, ...budgetOf(id, attack) };
    },
  };
}

/**
 * SMA stage-1 presets. `paper`: every value of the official code (soft-rank ε = 1 on a 0–100 scale, tuned on
 * test sets of ~232 images). `set-scaled`: the same, except soft-rank ε keeps the paper's ratio of ε to the mean
 * gap between sorted scores, ε = 1 · (range / N) / (100 / 232). The PAV soft rank passes gradients only inside
 * its blocks; with ε = 1 a set of 50–60 images splits into several blocks, the variance term then holds the
 * targets in the clean order (SROCC(clean, target) ≈ +0.5), and the attack is no better than a per-image one.
 * What decides it is whether the clean scores form one block at the start (the stage-1 check records the
 * count); set-scaled gets there on evenly spread scores but can fail on small skewed sets
 * (docs/sma-stage1-study.md). An explicit `stage1.softRankEps` always wins.
 */
export const SMA_PRESETS = ['paper', 'set-scaled'] as const;
export type SmaPreset = (typeof SMA_PRESETS)[number];
const PAPER_SET_SIZE = 232;

export function setScaledSoftRankEps(scoreRange: readonly [number, number], imageCount: number): number {
  return ((scoreRange[1] - scoreRange[0]) / Math.max(2, imageCount)) * (PAPER_SET_SIZE / 100);
}

const smaDefinition: RunAttackDefinition = {
  id: 'sma',
  name: 'SMA (SROCC-MSE-Attack)',
  stages: ['CLEAN_SCORING', 'TARGETS', 'PERTURB', 'AGGREGATE'],
  perturbAttack: 'sma-stage2',
  parseConfig(config, scoreRange, imageCount) {
    const raw = config ?? {};
    if (typeof raw !== 'object' || Array.isArray(raw)) throw new RunsError('INVALID_INPUT', 'config: SMA takes { preset?, stage1?: {...}, stage2?: {...} }', 'config');
    const { stage1 = {}, stage2 = {}, preset = 'paper', ...rest } = raw as Record<string, unknown>;
    const unknown = Object.keys(rest);
    if (unknown.length) throw new RunsError('INVALID_INPUT', `config: unknown key "${unknown[0]}" (SMA takes preset, stage1 and stage2)`, `config.${unknown[0]}`);
    if (!SMA_PRESETS.includes(preset as SmaPreset)) throw new RunsError('INVALID_INPUT', `config.preset must be one of ${SMA_PRESETS.join(', ')}`, 'config.preset');
    if (typeof stage1 !== 'object' || stage1 === null) throw new RunsError('INVALID_INPUT', 'config.stage1 must be an object', 'config.stage1');
    const presetValues = preset === 'set-scaled' ? { softRankEps: setScaledSoftRankEps(scoreRange, imageCount) } : {};
    const parsed = smaStage1ConfigSchema.safeParse({ scoreRange: [scoreRange[0], scoreRange[1]], ...presetValues, ...stage1 });
    if (!parsed.success) {
      const { field, message } = issuesOf(parsed.error, 'config.stage1');
      throw new RunsError('INVALID_INPUT', message, field);
    }
    const attack = parseAttackConfig('sma-stage2', stage2, 'config.stage2');
    return { stored: { preset: preset as SmaPreset, stage1: parsed.data, attack }, ...budgetOf('sma-stage2', attack) };
  },
};

function parseUapRunConfig(config: unknown): z.output<typeof uapRunConfigSchema> {
  const parsed = uapRunConfigSchema.safeParse(config ?? {});
  if (!parsed.success) {
    const { field, message } = issuesOf(parsed.error, 'config');
    throw new RunsError('INVALID_INPUT', message, field);
  }
  return parsed.data;
}

/**
 * UAP as a run: CLEAN_SCORING (the attacked split) → TRAIN_UAP (one δ learned on `trainSplit`, streamed in
 * batches and checkpointed) → PERTURB (δ applied to each attacked image) → AGGREGATE.
 */
const uapDefinition: RunAttackDefinition = {
  id: 'uap',
  name: attackConfigRegistry.uap.metadata.name,
  stages: ['CLEAN_SCORING', 'TRAIN_UAP', 'PERTURB', 'AGGREGATE'],
  perturbAttack: 'uap',
  configSchema: uapRunConfigSchema,
  splits(config, requested) {
    const parsed = parseUapRunConfig(config);
    const named = typeof config === 'object' && config !== null && 'attackSplit' in config;
    if (named && requested !== null && requested !== parsed.attackSplit) {
      throw new RunsError('INVALID_INPUT', `config.attackSplit is ${parsed.attackSplit} but the request's split is ${requested}: name one of them`, 'config.attackSplit');
    }
    const attack = named ? parsed.attackSplit : (requested ?? parsed.attackSplit);
    if (attack === parsed.trainSplit) throw new RunsError('INVALID_INPUT', `config.trainSplit: UAP must train and attack different splits (both are ${attack})`, 'config.trainSplit');
    return { attack, train: parsed.trainSplit };
  },
  parseConfig(config) {
    const { trainSplit, attackSplit: _attackSplit, checkpointEvery, ...attack } = parseUapRunConfig(config);
    return { stored: { attack, train: { split: trainSplit, checkpointEvery } }, ...budgetOf('uap', attack) };
  },
};

/**
 * Every attack that runs as a Run, keyed by id. The per-image baselines use the same DAG as SMA minus
 * stage 1; UAP trains one perturbation on a split (TRAIN_UAP) and applies it to another.
 */
export const runAttackRegistry = {
  sma: smaDefinition,
  fgsm: perImageAttack('fgsm'),
  ifgsm: perImageAttack('ifgsm'),
  pgd: perImageAttack('pgd'),
  mifgsm: perImageAttack('mifgsm'),
  korhonen: perImageAttack('korhonen'),
  'zhang-perceptual': perImageAttack('zhang-perceptual'),
  uap: uapDefinition,
} as const satisfies Record<string, RunAttackDefinition>;

export type RunAttackId = keyof typeof runAttackRegistry;
export const runAttackIds = Object.keys(runAttackRegistry) as RunAttackId[];

export function runAttackDefinition(id: string): RunAttackDefinition {
  if (!Object.hasOwn(runAttackRegistry, id)) {
    throw new RunsError('INVALID_INPUT', `attack "${id}" cannot run as a run; one of: ${runAttackIds.join(', ')}`, 'attackId');
  }
  return withDefenseOption(runAttackRegistry[id as RunAttackId]);
}

/** A run config's `defense` (run-defense-config.ts) taken off before the attack's own schema sees the rest. */
function splitDefense(config: unknown): { rest: unknown; defense: RunDefense | undefined } {
  if (typeof config !== 'object' || config === null || Array.isArray(config) || !('defense' in config)) return { rest: config, defense: undefined };
  const { defense, ...rest } = config as Record<string, unknown>;
  if (defense === undefined || defense === null) return { rest, defense: undefined };
  const parsed = runDefenseSchema.safeParse(defense);
  if (!parsed.success) {
    const { field, message } = issuesOf(parsed.error, 'config.defense');
    throw new RunsError('INVALID_INPUT', message, field);
  }
  return { rest, defense: parsed.data };
}

/** Every run takes an optional `defense` (the stages score and attack the defended model): stored as `config.defense`. */
function withDefenseOption(definition: RunAttackDefinition): RunAttackDefinition {
  const { splits } = definition;
  return {
    ...definition,
    parseConfig(config, scoreRange, imageCount) {
      const { rest, defense } = splitDefense(config);
      const parsed = definition.parseConfig(rest, scoreRange, imageCount);
      return defense ? { ...parsed, stored: { ...parsed.stored, defense } } : parsed;
    },
    ...(splits ? { splits: (config: unknown, requested: RunSplit | null) => splits.call(definition, splitDefense(config).rest, requested) } : {}),
  };
}
