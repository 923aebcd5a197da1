import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { IqaModel } from '../iqa-model';
import { writeSafetensors } from '../weights/safetensors-writer';
import type { WeightMap } from '../weights/weight-map';
import type { TrainingDataset } from './training-dataset';
import { TrainingError } from './training-error';
import { TRAINING_SIDECAR_FORMAT, trainingSidecarSchema, type TrainingSidecar } from './training-sidecar';
import type { TrainingResult } from './train-model';

/** A model that can hand back its weights under canonical names (PyTorch layout), e.g. the compact CNN. */
export type ExportableIqaModel = IqaModel & { exportWeights(): WeightMap };

export function isExportableModel(model: IqaModel): model is ExportableIqaModel {
  return typeof (model as Partial<ExportableIqaModel>).exportWeights === 'function';
}

const WEIGHTS_SUFFIX = '.safetensors';

/** `dir/name.safetensors` → `dir/name.training.json`. */
export function trainingSidecarPath(weightsPath: string): string {
  const file = basename(weightsPath);
  const stem = file.endsWith(WEIGHTS_SUFFIX) ? file.slice(0, -WEIGHTS_SUFFIX.length) : file;
  return join(dirname(weightsPath), `${stem}.training.json`);
}

export interface SaveTrainedModelRequest {
  /** Where the weights go; must end in `.safetensors`. The sidecar goes next to it. */
  readonly path: string;
  readonly model: ExportableIqaModel;
  readonly architecture: string;
  readonly result: TrainingResult;
  readonly dataset: Pick<TrainingDataset, 'name' | 'version' | 'mosRange' | 'lowerBetter'> & { readonly seed: number | null };
  readonly initSeed: number | null;
  readonly commandLine: string | null;
  /** Default: now. */
  readonly date?: Date;
}

export interface SavedTrainedModel {
  readonly weightsPath: string;
  readonly sidecarPath: string;
  readonly sidecar: TrainingSidecar;
}

/**
 * Saves trained weights as safetensors (F32, the architecture's canonical names in PyTorch layout,
 * `__metadata__` holding the name, architecture, training config, dataset name/version/seed, test
 * metrics, date and backend as strings, JSON where structured) and the `<name>.training.json`
 * sidecar (`trainingSidecarSchema`: command line, config, per-epoch losses, final test SROCC/PLCC,
 * wall time, backend). Creates the folder. Nothing depends on git.
 */
export async function saveTrainedModel(request: SaveTrainedModelRequest): Promise<SavedTrainedModel> {
  const { path, model, result, dataset } = request;
  if (!path.endsWith(WEIGHTS_SUFFIX)) throw new TrainingError('INVALID_CONFIG', `weights path ${path} must end in ${WEIGHTS_SUFFIX}`);
  const name = basename(path, WEIGHTS_SUFFIX);
  const date = (request.date ?? new Date()).toISOString();
  const weights = model.exportWeights();
  const datasetInfo = { name: dataset.name, version: dataset.version, seed: dataset.seed };
  const metadata: Record<string, string> = {
    format: 'pt',
    'rankfall.name': name,
    'rankfall.architecture': request.architecture,
    'rankfall.training_config': JSON.stringify(result.config),
    'rankfall.init_seed': String(request.initSeed),
    'rankfall.dataset': JSON.stringify(datasetInfo),
    'rankfall.metrics': JSON.stringify({ split: 'test', ...result.test }),
    'rankfall.backend': result.backend,
    'rankfall.date': date,
  };
  const bytes = writeSafetensors(weights, metadata);
  const sidecar = trainingSidecarSchema.parse({
    format: TRAINING_SIDECAR_FORMAT,
    name,
    architecture: request.architecture,
    facts: { lowerBetter: model.lowerBetter, scoreRange: [...model.scoreRange], normalization: model.normalization },
    parameters: [...weights.values()].reduce((sum, tensor) => sum + tensor.data.length, 0),
    weights: { file: basename(path), sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.byteLength },
    commandLine: request.commandLine,
    config: result.config,
    initSeed: request.initSeed,
    dataset: { ...datasetInfo, mosRange: [...dataset.mosRange], lowerBetter: dataset.lowerBetter, counts: result.counts },
    epochs: result.epochs,
    test: result.test,
    steps: result.steps,
    wallSeconds: result.wallSeconds,
    backend: result.backend,
    date,
  });
  const sidecarPath = trainingSidecarPath(path);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
  await writeFile(sidecarPath, `${JSON.stringify(sidecar, null, 2)}\n`);
  return { weightsPath: path, sidecarPath, sidecar };
}
