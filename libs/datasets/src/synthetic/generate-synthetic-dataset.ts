import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { encodePng } from '../image-io/encode-png';
import { rgbImageFromBytes, rgbImageToBytes } from '../image-io/rgb-bytes';
import { type RgbImage } from '../image-io/rgb-image';
import { sha256Bytes } from '../image-io/sha256-file';
import { type DatasetFacts } from '../importers/dataset-format';
import { type DatasetSplit, type VerifiedDatasetImage, type VerifiedDatasetManifest } from '../importers/dataset-manifest';
import { mapWithConcurrency } from '../importers/map-with-concurrency';
import { SYNTHETIC_DISTORTIONS } from './distortions/synthetic-distortions';
import { jitterAmplitude, pseudoMos, pseudoMosStd } from './pseudo-mos';
import { renderReferenceScene } from './reference-scene';
import { assignSceneSplits } from './scene-splits';
import { SeededRandom } from './seeded-random';
import { SyntheticDatasetError } from './synthetic-dataset-error';
import { syntheticDatasetOptionsSchema, type ResolvedSyntheticDatasetOptions, type SyntheticDatasetOptions } from './synthetic-dataset.config';

/** Bumped whenever a change to scenes, distortions or labels changes the output of a given seed. */
export const SYNTHETIC_GENERATOR_VERSION = 1;

export const SYNTHETIC_TABLE_FILE = 'mos.csv';
export const SYNTHETIC_IMAGES_DIR = 'images';
export const SYNTHETIC_MANIFEST_FILE = 'manifest.json';

export interface SyntheticDatasetResult {
  readonly manifest: VerifiedDatasetManifest;
  /** The CSV (`filename,mos,std,split`) the `folder-csv` importer reads with `imageRoot` and `facts` below. */
  readonly tablePath: string;
  readonly imageRoot: string;
  readonly manifestPath: string;
  readonly facts: DatasetFacts;
}

/** Name, scale, direction and provenance of a synthetic dataset (for re-importing its CSV). */
export function syntheticDatasetFacts(options: ResolvedSyntheticDatasetOptions): DatasetFacts {
  const { seed, references, size, distortions, levels } = options;
  return {
    name: 'Rankfall synthetic',
    version: `v${SYNTHETIC_GENERATOR_VERSION}-seed${seed}-r${references}-${size}px-l${levels}-${distortions.join('+')}`,
    mosRange: [0, 100],
    lowerBetter: false,
    provenance: {
      source: `Rankfall synthetic generator v${SYNTHETIC_GENERATOR_VERSION} (seed ${seed}; ${references} procedural scenes of ${size}×${size}; ${distortions.join(', ')} at ${levels} levels)`,
      licence: 'Generated procedurally by Rankfall (MIT); no third-party content.',
      labelTransform:
        'pseudo-MOS 0–100, higher = better: 95 − 90 · weight(distortion) · level/levels + seeded jitter (references ≈ 95); std is synthetic (8–20). Not human ratings.',
    },
  };
}

async function prepareOutDir(outDir: string, overwrite: boolean): Promise<void> {
  const entries = await readdir(outDir).catch(() => [] as string[]);
  if (entries.length > 0) {
    if (!overwrite) {
      throw new SyntheticDatasetError('OUT_DIR_NOT_EMPTY', `${outDir} is not empty (pass overwrite to replace a previous synthetic dataset)`);
    }
    await rm(join(outDir, SYNTHETIC_IMAGES_DIR), { recursive: true, force: true });
    await rm(join(outDir, SYNTHETIC_TABLE_FILE), { force: true });
    await rm(join(outDir, SYNTHETIC_MANIFEST_FILE), { force: true });
  }
  await mkdir(join(outDir, SYNTHETIC_IMAGES_DIR), { recursive: true });
}

interface PendingImage {
  readonly key: string;
  readonly image: RgbImage;
  readonly mos: number;
  readonly mosStd: number;
}

/** Saves an 8-bit PNG and describes it (the sha256 is of the bytes written). */
async function saveImage(imageRoot: string, pending: PendingImage, split: DatasetSplit, reference: string): Promise<VerifiedDatasetImage> {
  const png = await encodePng(pending.image);
  const filePath = join(imageRoot, pending.key);
  await writeFile(filePath, png);
  return {
    key: pending.key,
    filePath,
    sha256: sha256Bytes(png),
    width: pending.image.width,
    height: pending.image.height,
    format: 'png',
    convertedFromProfile: null,
    mos: pending.mos,
    mosStd: pending.mosStd,
    split,
    reference,
  };
}

/**
 * Generates the synthetic dataset: `references` procedural scenes × each distortion at `levels`
 * graded strengths (+ the references), with a pseudo-MOS that decreases strictly with the level, split
 * by scene (no scene in two splits). Writes lossless PNGs under `outDir/images/`, `outDir/mos.csv`
 * (`filename,mos,std,split`, readable by the `folder-csv` importer) and `outDir/manifest.json`.
 *
 * Deterministic: the same options (and generator version) give byte-identical PNGs and CSV.
 */
export async function generateSyntheticDataset(input: SyntheticDatasetOptions): Promise<SyntheticDatasetResult> {
  const parsed = syntheticDatasetOptionsSchema.safeParse(input);
  if (!parsed.success) {
    throw new SyntheticDatasetError('INVALID_OPTIONS', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  const options = parsed.data;
  const outDir = resolve(options.outDir);
  const imageRoot = join(outDir, SYNTHETIC_IMAGES_DIR);
  await prepareOutDir(outDir, options.overwrite);

  const root = new SeededRandom(`rankfall-synthetic/v${SYNTHETIC_GENERATOR_VERSION}/${options.seed}`);
  const distortions = options.distortions.map((id) => SYNTHETIC_DISTORTIONS[id]);
  const jitter = jitterAmplitude(options.levels, Math.min(...distortions.map((d) => d.weight)));
  const splits = assignSceneSplits(options.references, options.splits, root.derive('splits'));
  const digits = Math.max(3, String(options.references - 1).length);

  const perScene = await mapWithConcurrency(
    Array.from({ length: options.references }, (_, i) => i),
    options.concurrency,
    async (scene): Promise<VerifiedDatasetImage[]> => {
      const name = `s${String(scene).padStart(digits, '0')}`;
      const referenceKey = `${name}-ref.png`;
      // Quantise first: distortions start from exactly the saved reference.
      const rendered = renderReferenceScene(root.derive('scene', scene), options.size);
      const reference = rgbImageFromBytes(rgbImageToBytes(rendered), options.size, options.size);
      const label = (weight: number, strength: number, ...stream: Array<string | number>): { mos: number; mosStd: number } => {
        const rng = root.derive('label', scene, ...stream);
        const mos = pseudoMos(weight, strength, jitter, rng.next());
        return { mos, mosStd: pseudoMosStd(mos, rng.next()) };
      };
      const pending: PendingImage[] = [];
      if (options.includeReferences) pending.push({ key: referenceKey, image: reference, ...label(0, 0, 'ref') });
      for (const distortion of distortions) {
        for (let level = 1; level <= options.levels; level++) {
          const strength = level / options.levels;
          const image = await distortion.apply(reference, distortion.parameter(strength), root.derive('distort', scene, distortion.id, level));
          pending.push({ key: `${name}-${distortion.id}-${level}.png`, image, ...label(distortion.weight, strength, distortion.id, level) });
        }
      }
      const saved: VerifiedDatasetImage[] = [];
      for (const p of pending) saved.push(await saveImage(imageRoot, p, splits[scene]!, referenceKey));
      return saved;
    },
  ).catch((cause: unknown) => {
    if (cause instanceof SyntheticDatasetError) throw cause;
    throw new SyntheticDatasetError('WRITE_FAILED', `writing the synthetic dataset to ${outDir} failed: ${(cause as Error).message}`, { cause });
  });

  const images = perScene.flat();
  const facts = syntheticDatasetFacts(options);
  const manifest: VerifiedDatasetManifest = {
    name: facts.name,
    version: facts.version,
    source: 'synthetic',
    lowerBetter: facts.lowerBetter,
    mosRange: facts.mosRange,
    provenance: facts.provenance,
    imagesVerified: true,
    images,
  };
  const csv = ['filename,mos,std,split', ...images.map((i) => `${i.key},${i.mos.toFixed(3)},${i.mosStd!.toFixed(3)},${i.split}`)].join('\n');
  const tablePath = join(outDir, SYNTHETIC_TABLE_FILE);
  const manifestPath = join(outDir, SYNTHETIC_MANIFEST_FILE);
  await writeFile(tablePath, `${csv}\n`);
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return { manifest, tablePath, imageRoot, manifestPath, facts };
}
