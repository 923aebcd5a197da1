/**
 * `@rankfall/attack-runner/configs`: the zod-only half of the library — every attack's config schema (whose
 * defaults are the paper's values) and facts, and SMA stage one's config. Imported by the API and the web app:
 * nothing reachable from here may import TensorFlow.js (a test loads this module in a child process and checks).
 */
export type { AttackGoal, AttackKind, AttackMetadata, AttackNorm, AttackPaper } from './attacks/attack-metadata';
export type { AttackConfigBase, AttackConfigDefinition } from './attacks/define-attack-config';
export {
  attackConfigRegistry,
  attackIds,
  defineAttackConfigRegistry,
  isAttackId,
  type AttackConfigInputOf,
  type AttackConfigOf,
  type AttackId,
} from './attacks/attack-config-registry';
export { fgsmAttackConfig, type FgsmConfig } from './attacks/fgsm.config';
export { ifgsmAttackConfig, type IfgsmConfig } from './attacks/ifgsm.config';
export { pgdAttackConfig, type PgdConfig } from './attacks/pgd.config';
export { mifgsmAttackConfig, type MifgsmConfig } from './attacks/mifgsm.config';
export { korhonenAttackConfig, type KorhonenConfig } from './attacks/korhonen.config';
export { zhangPerceptualAttackConfig, type ZhangPerceptualConfig } from './attacks/zhang-perceptual.config';
export { uapAttackConfig, type UapConfig } from './attacks/uap.config';
export { smaStage2AttackConfig, type SmaStage2Config } from './attacks/sma-stage2.config';
export { renderAttackTable } from './attacks/attack-table';
export { smaStage1ConfigSchema, smaStage1Metadata, type SmaStage1Config, type SmaStage1ConfigInput } from './sma/sma-stage1.config';
