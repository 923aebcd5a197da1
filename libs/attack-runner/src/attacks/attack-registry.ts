import type { AttackDefinition } from './attack-program';
import { attackConfigRegistry, type AttackConfigOf, type AttackId } from './attack-config-registry';
import { fgsmPerturb } from './fgsm';
import { ifgsmPerturb } from './ifgsm';
import { korhonenPerturb } from './korhonen';
import { mifgsmPerturb } from './mifgsm';
import { pgdPerturb } from './pgd';
import { smaStage2Perturb } from './sma-stage2';
import { uapPerturb } from './uap';
import { zhangPerceptualPerturb } from './zhang-perceptual';

/** The registry's shape: exactly one entry per config-registry id, whose metadata id is its key. */
export type AttackRegistry = { readonly [Id in AttackId]: AttackDefinition<Id, AttackConfigOf<Id>> };

/**
 * Every attack, keyed by id: config schema + metadata (from the zod-only config registry) + perturbation. An
 * explicit literal (no folder scanning): a duplicate key is a compile error (TS1117), a missing or extra id or
 * a key that is not its entry's id is a type error against `AttackRegistry`.
 */
export const attackRegistry: AttackRegistry = {
  fgsm: { ...attackConfigRegistry.fgsm, perturb: fgsmPerturb },
  ifgsm: { ...attackConfigRegistry.ifgsm, perturb: ifgsmPerturb },
  pgd: { ...attackConfigRegistry.pgd, perturb: pgdPerturb },
  mifgsm: { ...attackConfigRegistry.mifgsm, perturb: mifgsmPerturb },
  korhonen: { ...attackConfigRegistry.korhonen, perturb: korhonenPerturb },
  'zhang-perceptual': { ...attackConfigRegistry['zhang-perceptual'], perturb: zhangPerceptualPerturb },
  uap: { ...attackConfigRegistry.uap, perturb: uapPerturb },
  'sma-stage2': { ...attackConfigRegistry['sma-stage2'], perturb: smaStage2Perturb },
};
