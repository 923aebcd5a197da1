import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { architectures } from './architectures/architecture-registry';
import type { ArchitectureDefinition } from './architectures/architecture-definition';
import { catalog, type CatalogId } from './catalog';
import type { CatalogEntry } from './catalog-entry';
import { CatalogError } from './catalog-error';
import type { IqaModel, IqaModelFacts } from './iqa-model';
import { applyNameMap } from './weights/name-map';
import { readWeightFile } from './weights/weight-file-reader';
import type { WeightMap } from './weights/weight-map';

export interface CreateIqaModelOptions {
  /**
   * The weights: a WeightMap already in memory (e.g. `architectures[a].initialWeights(seed)`), or
   * a file path (safetensors, PyTorch checkpoint, TF.js model.json or its directory). Default: the
   * entry's bundled file; entries with user weights require this.
   */
  readonly weights?: WeightMap | string;
  /** Strict name mapping (default true): unused tensors are an error, not only missing ones. */
  readonly strict?: boolean;
  /** Root that bundled weight paths are relative to; default: this repository. */
  readonly repositoryRoot?: string;
}

/** libs/iqa-models/src → repository root. */
const defaultRepositoryRoot = resolve(import.meta.dirname, '../../..');

/** The catalog entry of `id`, or UNKNOWN_MODEL. */
export function catalogEntry(id: string): CatalogEntry {
  const entry = Object.hasOwn(catalog, id) ? (catalog as Record<string, CatalogEntry>)[id] : undefined;
  if (entry === undefined) {
    throw new CatalogError('UNKNOWN_MODEL', `no model "${id}" in the catalog (known: ${Object.keys(catalog).join(', ')})`);
  }
  return entry;
}

async function bundledWeights(entry: CatalogEntry, path: string, sha256: string | null, root: string): Promise<WeightMap> {
  const file = resolve(root, path);
  try {
    await access(file);
  } catch {
    const how = entry.training === null ? '' : ` (train them with \`${entry.training.command}\`)`;
    throw new CatalogError('WEIGHTS_UNAVAILABLE', `model "${entry.id}": bundled weights ${path} are not there${how}`);
  }
  const { weights, sha256: actual } = await readWeightFile(file);
  if (sha256 !== null && actual !== sha256) {
    throw new CatalogError('CHECKSUM_MISMATCH', `model "${entry.id}": ${path} has sha256 ${actual}, the catalog records ${sha256}`);
  }
  return weights;
}

/**
 * Creates the catalog model `id`: looks up its facts and architecture, loads the weights (given,
 * read from a path with the right reader, or the bundled file), maps their names strictly onto the
 * architecture's tensors (`module.` stripped, shapes checked), and builds it. The caller owns the
 * model (`dispose()`).
 */
export async function createIqaModel(id: CatalogId | (string & {}), options: CreateIqaModelOptions = {}): Promise<IqaModel> {
  const entry = catalogEntry(id);
  const architecture: ArchitectureDefinition = architectures[entry.architecture];
  let weights: WeightMap;
  if (options.weights instanceof Map) {
    weights = options.weights;
  } else if (typeof options.weights === 'string') {
    weights = (await readWeightFile(options.weights)).weights;
  } else if (entry.weights.source === 'bundled') {
    weights = await bundledWeights(entry, entry.weights.path, entry.weights.sha256, options.repositoryRoot ?? defaultRepositoryRoot);
  } else {
    const hint = entry.weights.source === 'user' ? `: ${entry.weights.hint}` : '';
    throw new CatalogError('WEIGHTS_REQUIRED', `model "${entry.id}" needs a weight file${hint}`);
  }
  const mapped = applyNameMap(weights, architecture.tensorSpecs, architecture.nameMapRules, { strict: options.strict ?? true });
  const facts: IqaModelFacts = {
    id: entry.id,
    lowerBetter: entry.lowerBetter,
    scoreRange: entry.scoreRange,
    input: entry.input,
    normalization: entry.normalization,
  };
  return architecture.build(mapped.weights, facts);
}
