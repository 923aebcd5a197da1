import type { z } from 'zod';
import type { AttackConfigBase, AttackConfigDefinition } from './define-attack-config';
import { fgsmAttackConfig } from './fgsm.config';
import { ifgsmAttackConfig } from './ifgsm.config';
import { korhonenAttackConfig } from './korhonen.config';
import { mifgsmAttackConfig } from './mifgsm.config';
import { pgdAttackConfig } from './pgd.config';
import { smaStage2AttackConfig } from './sma-stage2.config';
import { uapAttackConfig } from './uap.config';
import { zhangPerceptualAttackConfig } from './zhang-perceptual.config';

/**
 * Checks a registry literal: each key must equal its entry's `metadata.id` (a duplicate key is already a
 * compile error of the object literal, TS1117).
 */
export function defineAttackConfigRegistry<const R extends { readonly [K in keyof R]: AttackConfigDefinition<K & string, AttackConfigBase> }>(
  registry: R,
): R {
  return registry;
}

/**
 * Every attack's zod-only half, keyed by id: facts and config schema. The API and the web app read this
 * (through `@rankfall/attack-runner/configs`) to validate configs and show defaults without loading TF.js.
 */
export const attackConfigRegistry = defineAttackConfigRegistry({
  fgsm: fgsmAttackConfig,
  ifgsm: ifgsmAttackConfig,
  pgd: pgdAttackConfig,
  mifgsm: mifgsmAttackConfig,
  korhonen: korhonenAttackConfig,
  'zhang-perceptual': zhangPerceptualAttackConfig,
  uap: uapAttackConfig,
  'sma-stage2': smaStage2AttackConfig,
});

export type AttackId = keyof typeof attackConfigRegistry;

/** Every attack id, in registry order. */
export const attackIds = Object.keys(attackConfigRegistry) as AttackId[];

/** Parsed config of one attack (every field present). */
export type AttackConfigOf<Id extends AttackId> = z.output<(typeof attackConfigRegistry)[Id]['schema']>;

/** Config of one attack as a caller may write it (fields with a paper default are optional). */
export type AttackConfigInputOf<Id extends AttackId> = z.input<(typeof attackConfigRegistry)[Id]['schema']>;

export function isAttackId(value: string): value is AttackId {
  return Object.hasOwn(attackConfigRegistry, value);
}
