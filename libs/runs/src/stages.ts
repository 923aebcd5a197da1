/**
 * `@rankfall/runs/stages`: the run DAG's stages as the worker executes them (TF.js is loaded here; the API
 * never imports this entry). Each is idempotent: re-running a finished stage or shard writes nothing new.
 */
export type { StageContext, StageOutcome } from './stages/stage-context';
export { ModelCache, type ModelRow } from './stages/model-cache';
export { executeScoreClean } from './stages/score-clean.stage';
export { executeOptimizeTargets, type Stage1Check } from './stages/optimize-targets.stage';
export { executePerturbShard, shardImages } from './stages/perturb.stage';
export { executeTrainUap } from './stages/train-uap.stage';
export { loadUapPerturbation, uapTrainSummaryOf, uapTrainSummarySchema, type UapTrainSummary } from './stages/uap-perturbation';
export { executeAggregate, qualityRanks } from './stages/aggregate.stage';
export { failRun } from './stages/fail-run';
export { WorkerStoppingError } from './stages/run-guards';
export { checkModel, isUsableForAttacks, type ModelCheck } from './stages/model-check';
export { registerModelFromFile } from './stages/register-model-from-file';
export { colourConversionWarning, storeVerifiedDataset } from './stages/store-verified-dataset';
export { executeDatasetImport, type ImportLimits } from './stages/import-dataset.stage';
export { executeModelRegistration } from './stages/register-model.stage';
export { failImport } from './stages/fail-import';
export { cleanCorrelations, executeModelEvaluation, failModelEvaluation, EVALUATION_BOOTSTRAP } from './evaluation/evaluate-model.stage';
export { reportedFor } from './evaluation/reported-performance';
export { executeTransfer, failTransfer, transferStatistics } from './transfer/transfer.stage';
export { scoreStoredImage } from './transfer/score-stored-image';
