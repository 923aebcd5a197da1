/**
 * `@rankfall/attack-runner`: attacks on NR-IQA models on TensorFlow.js — the registry and the runner, SMA
 * (stage one in plain TypeScript, stage two as the `sma-stage2` attack), and the compute layer (backend
 * selection, worker pool). The zod-only configs are also at `@rankfall/attack-runner/configs`.
 */
export * from './configs';

// Attacks
export { attackRegistry, type AttackRegistry } from './attacks/attack-registry';
export {
  attackProgram,
  type AttackContext,
  type AttackDefinition,
  type AttackProgram,
  type AttackState,
  type AttackStep,
  type PerturbFn,
  type ScoreDirection,
} from './attacks/attack-program';
export { fgsmPerturb } from './attacks/fgsm';
export { ifgsmPerturb } from './attacks/ifgsm';
export { pgdPerturb } from './attacks/pgd';
export { mifgsmPerturb } from './attacks/mifgsm';
export { korhonenPerturb } from './attacks/korhonen';
export { zhangPerceptualPerturb } from './attacks/zhang-perceptual';
export { uapPerturb } from './attacks/uap';
export { uapBatchOrder, uapInitialState, uapTrainStep, type UapObjective, type UapTrainState } from './attacks/uap-train-step';
export { smaStage2Perturb } from './attacks/sma-stage2';
export { differentiableSsim, type DifferentiableSsimOptions } from './attacks/differentiable-ssim';
export { spatialActivityMask } from './attacks/spatial-activity-mask';
export { tileToSize } from './attacks/tile-to-size';
export { exactSign } from './attacks/exact-sign';

// Runner
export { AttackError, type AttackConfigIssue, type AttackErrorCode } from './runner/attack-error';
export { runAttack, type AttackProgress, type AttackResult, type RunAttackRequest } from './runner/run-attack';
export { runSma, type RunSmaRequest, type RunSmaResult, type SmaImage, type SmaImageResult, type SmaProgress } from './runner/run-sma';
export { perturbationMetrics, type PerturbationMetrics } from './runner/perturbation-metrics';
export { scoreDirection } from './runner/score-direction';
export { minimumImageSize } from './runner/minimum-image-size';

// Compute
export { ComputeError, type ComputeErrorCode } from './compute/compute-error';
export { backendNames, selectBackend, type BackendAttempt, type BackendName, type BackendSelection, type SelectBackendOptions } from './compute/select-backend';
export { WorkerPool, type AttackJob, type AttackJobResult, type ModelFactorySpec, type WorkerPoolOptions } from './compute/worker-pool';

// SMA stage one (its config is also re-exported by ./configs: the same bindings)
export * from './sma';
