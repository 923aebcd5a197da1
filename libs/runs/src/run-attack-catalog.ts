import { attackConfigRegistry, smaStage1ConfigSchema, smaStage1Metadata } from '@rankfall/attack-runner/configs';
import { z } from 'zod';
import { runAttackRegistry, SMA_PRESETS, type RunAttackId } from './run-attacks';

/** What a client needs to offer an attack as a run: facts, the paper's defaults, and the config's JSON Schema (for generated forms). */
export interface RunAttackDescription {
  readonly id: RunAttackId;
  readonly name: string;
  readonly stages: readonly string[];
  readonly kind: string;
  readonly norm: string;
  readonly paper: unknown;
  /** Where the defaults come from (the paper / official code) and any deviation. */
  readonly defaultsNote: string;
  /** The full config with every default filled in (SMA: for a 0–100 model and the paper preset). */
  readonly defaultConfig: unknown;
  /** JSON Schema (draft 2020-12) of the config a run takes. */
  readonly configSchema: unknown;
}

function jsonSchema(schema: z.ZodType): unknown {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
}

/** Every attack that runs as a run, described for clients (the API's `runAttacks` query, forms, docs). */
export function describeRunAttacks(): RunAttackDescription[] {
  return (Object.keys(runAttackRegistry) as RunAttackId[]).map((id) => {
    const definition = runAttackRegistry[id];
    const attack = attackConfigRegistry[definition.perturbAttack];
    const sma = definition.stages.includes('TARGETS');
    const defaults = definition.parseConfig({}, [0, 100], 100).stored;
    return {
      id,
      name: definition.name,
      stages: definition.stages,
      kind: sma ? 'set (targeted per image)' : attack.metadata.kind,
      norm: attack.metadata.norm,
      paper: sma ? smaStage1Metadata.paper : attack.metadata.paper,
      defaultsNote: sma ? `${smaStage1Metadata.defaults} Stage 2: ${attack.metadata.defaults}` : attack.metadata.defaults,
      defaultConfig: sma ? { preset: defaults.preset, stage1: defaults.stage1, stage2: defaults.attack } : (definition.configSchema?.parse({}) ?? defaults.attack),
      configSchema: sma
        ? { type: 'object', additionalProperties: false, properties: { preset: { enum: [...SMA_PRESETS], default: 'paper' }, stage1: jsonSchema(smaStage1ConfigSchema), stage2: jsonSchema(attack.schema) } }
        : jsonSchema(definition.configSchema ?? attack.schema),
    };
  });
}
