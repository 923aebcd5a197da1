import type { z } from 'zod';
import type { AttackGoal, AttackMetadata } from './attack-metadata';

/** What every parsed attack config may carry that the runner reads (budget and direction). */
export interface AttackConfigBase {
  /** L∞ radius in [0,1] units; required when the attack's norm is 'linf', optional otherwise. */
  readonly epsilon?: number | undefined;
  /** Untargeted and universal attacks only. */
  readonly goal?: AttackGoal | undefined;
}

/** An attack's zod-only half: its facts and its config schema (whose `.default()`s are the paper's values). */
export interface AttackConfigDefinition<Id extends string = string, C extends AttackConfigBase = AttackConfigBase> {
  readonly metadata: AttackMetadata<Id>;
  readonly schema: z.ZodType<C, unknown>;
}

/** Identity helper that checks a config definition and keeps its literal id and config type. */
export function defineAttackConfig<const Id extends string, S extends z.ZodType<AttackConfigBase, unknown>>(definition: {
  readonly metadata: AttackMetadata<Id>;
  readonly schema: S;
}): { readonly metadata: AttackMetadata<Id>; readonly schema: S } {
  return definition;
}
