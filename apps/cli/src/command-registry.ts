import type { AnyCliCommand } from './command';
import { datasetImportCommand } from './commands/dataset-import.command';
import { datasetUploadCommand } from './commands/dataset-upload.command';
import { datasetFormatsCommand, datasetListCommand } from './commands/dataset-list.command';
import { datasetSynthCommand } from './commands/dataset-synth.command';
import { modelCheckCommand, modelExportCommand, modelImportCommand, modelListCommand } from './commands/model.command';
import { modelTrainCommand } from './commands/model-train.command';
import { modelEvaluateCommand } from './commands/model-evaluate.command';
import { runTransferCommand, transferMatrixCommand } from './commands/transfer.command';
import { smaRunCommand } from './commands/sma-run.command';
import { smaTargetsCommand } from './commands/sma-targets.command';
import { attackCommand } from './commands/attack.command';
import { dbMigrateCommand } from './commands/db-migrate.command';
import { dbStartCommand } from './commands/db-start.command';
import { dbStatusCommand } from './commands/db-status.command';
import { demoCommand } from './commands/demo.command';
import { teamCreateCommand, teamListCommand } from './commands/team.command';
import { apiCommand, workerCommand } from './commands/serve.command';
import { sweepCreateCommand, sweepReportCommand } from './commands/sweep.command';
import { defenseEvaluateCommand, defenseReportCommand } from './commands/defense.command';
import { resultsExportCommand } from './commands/results-export.command';
import { tokenCreateCommand, tokenListCommand, tokenRevokeCommand } from './commands/token.command';
import { runCancelCommand, runCreateCommand, runListCommand, runRetryCommand, runStatusCommand, runWatchCommand } from './commands/run.command';

/** Every `rankfall` command, by the words that invoke it. The README table is generated from this map. */
export const commandRegistry = {
  demo: demoCommand,
  'db start': dbStartCommand,
  'db migrate': dbMigrateCommand,
  'db status': dbStatusCommand,
  'team create': teamCreateCommand,
  'team list': teamListCommand,
  'dataset formats': datasetFormatsCommand,
  'dataset synth': datasetSynthCommand,
  'dataset import': datasetImportCommand,
  'dataset upload': datasetUploadCommand,
  'dataset list': datasetListCommand,
  'model list': modelListCommand,
  'model check': modelCheckCommand,
  'model import': modelImportCommand,
  'model export': modelExportCommand,
  'model train': modelTrainCommand,
  'model evaluate': modelEvaluateCommand,
  'sma targets': smaTargetsCommand,
  'sma run': smaRunCommand,
  'run create': runCreateCommand,
  'run list': runListCommand,
  'run status': runStatusCommand,
  'run watch': runWatchCommand,
  'run cancel': runCancelCommand,
  'run retry': runRetryCommand,
  'run transfer': runTransferCommand,
  'transfer matrix': transferMatrixCommand,
  'sweep create': sweepCreateCommand,
  'sweep report': sweepReportCommand,
  'defense evaluate': defenseEvaluateCommand,
  'defense report': defenseReportCommand,
  'results export': resultsExportCommand,
  'token create': tokenCreateCommand,
  'token list': tokenListCommand,
  'token revoke': tokenRevokeCommand,
  worker: workerCommand,
  api: apiCommand,
  attack: attackCommand,
} as const satisfies Record<string, AnyCliCommand>;

export type CommandName = keyof typeof commandRegistry;
