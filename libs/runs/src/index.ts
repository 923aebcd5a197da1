/**
 * `@rankfall/runs`: the one run engine shared by the CLI, the API and the worker — creating runs (and
 * sweeps) with their first job in one transaction, cancel, retry, delete. No TensorFlow.js is reachable
 * from here (the API imports it); the stages the worker executes are at `@rankfall/runs/stages`.
 */
export { RunsError, type RunsErrorCode } from './runs-error';
export { runAttackDefinition, runAttackIds, runAttackRegistry, setScaledSoftRankEps, SMA_PRESETS, type RunAttackDefinition, type RunAttackId, type RunConfig, type SmaPreset } from './run-attacks';
export { DEFENSE_GRADIENT_MODES, DEFENSE_KINDS, runDefenseSchema, type RunDefense } from './run-defense-config';
export { createRun, createRunRequestSchema, createSweep, createSweepRequestSchema, type CreateRunRequest, type CreateSweepRequest } from './create-run.service';
export { cancelRun, deleteRun, retryRun } from './run-control.service';
export {
  DATASET_ARCHIVE_ARTIFACT,
  datasetImportSourceSchema,
  getImportRequest,
  modelRegistrationSchema,
  requestDatasetImport,
  requestModelRegistration,
  resolveInsideRoot,
  type DatasetImportSource,
  type ModelRegistration,
} from './import-requests.service';
export { csvCell, RESULT_EXPORT_COLUMNS, resultsToCsv, resultsToObjects, type ExportRow } from './run-results-export';
export { describeRunAttacks, type RunAttackDescription } from './run-attack-catalog';
export { sweepPoints, type SweepPoint, type SweepWithRuns } from './sweep-curves';
export {
  evaluateModelRequestSchema,
  evaluationCommand,
  getModelEvaluation,
  modelEvaluations,
  requestModelEvaluation,
  type EvaluateModelRequest,
  type EvaluationRequestOutcome,
} from './evaluation/model-evaluation.service';
export { requestTransfers, requestTransferSchema, runTransfers, transferMatrix, type RequestTransferInput, type TransferRequestOutcome } from './transfer/transfer.service';
export { buildTransferMatrix, transferSroccDrop, type TransferMatrix, type TransferMatrixCell } from './transfer/transfer-matrix';
