import type { AnyCliCommand } from './command';
import { datasetImportCommand } from './commands/dataset-import.command';
import { datasetFormatsCommand, datasetListCommand } from './commands/dataset-list.command';
import { datasetSynthCommand } from './commands/dataset-synth.command';
import { modelCheckCommand, modelExportCommand, modelImportCommand, modelListCommand } from './commands/model.command';
import { modelTrainCommand } from './commands/model-train.command';
import { smaRunCommand } from './commands/sma-run.command';
import { smaTargetsCommand } from './commands/sma-targets.command';
import { attackCommand } from './commands/attack.command';
import { dbMigrateCommand } from './commands/db-migrate.command';
import { dbStartCommand } from './commands/db-start.command';
import { dbStatusCommand } from './commands/db-status.command';
import { demoCommand } from './commands/demo.command';

/** Every `rankfall` command, by the words that invoke it. The README table is generated from this map. */
export const commandRegistry = {
  demo: demoCommand,
  'db start': dbStartCommand,
  'db migrate': dbMigrateCommand,
  'db status': dbStatusCommand,
  'dataset formats': datasetFormatsCommand,
  'dataset synth': datasetSynthCommand,
  'dataset import': datasetImportCommand,
  'dataset list': datasetListCommand,
  'model list': modelListCommand,
  'model check': modelCheckCommand,
  'model import': modelImportCommand,
  'model export': modelExportCommand,
  'model train': modelTrainCommand,
  'sma targets': smaTargetsCommand,
  'sma run': smaRunCommand,
  attack: attackCommand,
} as const satisfies Record<string, AnyCliCommand>;

export type CommandName = keyof typeof commandRegistry;
