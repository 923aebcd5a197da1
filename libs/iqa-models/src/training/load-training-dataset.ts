import { access, readdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import {
  datasetManifestSchema,
  decodeImage,
  importDataset,
  SYNTHETIC_IMAGES_DIR,
  SYNTHETIC_MANIFEST_FILE,
  SYNTHETIC_TABLE_FILE,
  type DatasetFactsInput,
  type DatasetImage,
} from '@rankfall/datasets';
import { seededUniform } from '../architectures/initial-weights';
import type { TrainingDataset, TrainingImage, TrainingSplit } from './training-dataset';
import { TrainingError } from './training-error';

export interface LoadTrainingDatasetOptions {
  /** The MOS table; default `<dir>/mos.csv`, else the only `.csv` file in `<dir>`. */
  readonly table?: string;
  /** Scale and direction of a generic folder (required when `<dir>` has no `manifest.json`). */
  readonly mosRange?: readonly [number, number];
  readonly lowerBetter?: boolean;
  /** Dataset name for a generic folder (default: the folder's name). */
  readonly name?: string;
  /** Seeds the split of images whose table row has no split label. Default 1. */
  readonly splitSeed?: number;
  readonly signal?: AbortSignal;
}

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

async function findTable(dir: string, table: string | undefined): Promise<string> {
  if (table !== undefined) return resolve(table);
  const standard = join(dir, SYNTHETIC_TABLE_FILE);
  if (await exists(standard)) return standard;
  const entries = await readdir(dir).catch((cause: unknown) => {
    throw new TrainingError('INVALID_DATASET', `cannot read the dataset folder ${dir}: ${(cause as Error).message}`, { cause });
  });
  const csvs = entries.filter((entry) => entry.toLowerCase().endsWith('.csv'));
  if (csvs.length !== 1) {
    throw new TrainingError('INVALID_DATASET', `${dir}: expected ${SYNTHETIC_TABLE_FILE} or exactly one .csv table, found ${csvs.length === 0 ? 'none' : csvs.join(', ')}`);
  }
  return join(dir, csvs[0]!);
}

async function readFacts(dir: string, options: LoadTrainingDatasetOptions): Promise<DatasetFactsInput> {
  const manifestPath = join(dir, SYNTHETIC_MANIFEST_FILE);
  if (await exists(manifestPath)) {
    const parsed = datasetManifestSchema.safeParse(JSON.parse(await readFile(manifestPath, 'utf8')));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new TrainingError('INVALID_DATASET', `${manifestPath}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid manifest'}`);
    }
    const { name, version, mosRange, lowerBetter, provenance } = parsed.data;
    return { name, version, mosRange, lowerBetter, provenance };
  }
  if (options.mosRange === undefined || options.lowerBetter === undefined) {
    throw new TrainingError('INVALID_DATASET', `${dir} has no ${SYNTHETIC_MANIFEST_FILE}: give the MOS range and direction of its table (--mos-range lo,hi and --lower-better when lower is better)`);
  }
  return {
    name: options.name ?? basename(dir),
    mosRange: [options.mosRange[0], options.mosRange[1]],
    lowerBetter: options.lowerBetter,
    provenance: { source: `folder ${dir}`, licence: 'unknown (a local folder)' },
  };
}

/**
 * Splits for images without a split label: their groups (same `reference`, else the image alone) in
 * a seeded random order, the first 70 % (rounded) to train, the next 15 % to val, the rest to test.
 */
function assignMissingSplits(images: readonly DatasetImage[], seed: number): Map<string, TrainingSplit> {
  const groups = [...new Set(images.filter((image) => image.split === null).map((image) => image.reference ?? image.key))];
  const random = seededUniform(seed);
  for (let i = groups.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [groups[i], groups[j]] = [groups[j]!, groups[i]!];
  }
  const train = Math.round(groups.length * 0.7);
  const val = Math.round(groups.length * 0.15);
  return new Map(groups.map((group, i) => [group, i < train ? 'train' : i < train + val ? 'val' : 'test']));
}

/**
 * Reads a folder of images + a MOS table into memory for `trainModel`:
 *
 * - the synthetic generator's layout (`manifest.json`, `mos.csv`, `images/`): facts (name, version,
 *   range, direction) from the manifest, the table and images re-imported and checksummed with the
 *   `folder-csv` importer;
 * - a generic folder (`filename,mos[,std,split]` table, images in `<dir>/images/` or `<dir>`): the
 *   facts come from the options.
 *
 * Images keep their table split; rows without one are split by `assignMissingSplits` (seeded).
 * Every image is decoded to float32 (`decodeImage`): 12 bytes per pixel in memory.
 */
export async function loadTrainingDataset(dirInput: string, options: LoadTrainingDatasetOptions = {}): Promise<TrainingDataset> {
  const dir = resolve(dirInput);
  if (!(await exists(dir))) throw new TrainingError('INVALID_DATASET', `dataset folder ${dir} does not exist`);
  const table = await findTable(dir, options.table);
  const facts = await readFacts(dir, options);
  const imageRoot = (await exists(join(dir, SYNTHETIC_IMAGES_DIR))) ? join(dir, SYNTHETIC_IMAGES_DIR) : dir;
  const manifest = await importDataset('folder-csv', { table, imageRoot, facts, ...(options.signal ? { signal: options.signal } : {}) });
  const missing = assignMissingSplits(manifest.images, options.splitSeed ?? 1);
  const images: TrainingImage[] = [];
  for (const image of manifest.images) {
    if (options.signal?.aborted) throw new TrainingError('ABORTED', 'loading the dataset was aborted');
    const decoded = await decodeImage(image.filePath ?? join(imageRoot, image.key));
    const split = image.split ?? missing.get(image.reference ?? image.key) ?? 'train';
    images.push({ key: image.key, data: decoded.data, height: decoded.height, width: decoded.width, mos: image.mos, split });
  }
  return { name: manifest.name, version: manifest.version, mosRange: manifest.mosRange, lowerBetter: manifest.lowerBetter, images };
}
