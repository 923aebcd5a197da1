import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../image-io/decode-image';
import { sha256Bytes } from '../image-io/sha256-file';
import { datasetManifestSchema } from '../importers/dataset-manifest';
import { importDataset } from '../importers/import-dataset';
import { makeTempFolder, type TempFolder } from '../testing/temp-dataset';
import { generateSyntheticDataset, type SyntheticDatasetResult } from './generate-synthetic-dataset';
import { SyntheticDatasetError } from './synthetic-dataset-error';

/** sha256 of every file under a folder, by relative path. */
function folderHashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    if (rel.endsWith('.png') || rel.endsWith('.csv')) out[rel] = sha256Bytes(readFileSync(join(dir, rel)));
  }
  return out;
}

describe('generateSyntheticDataset (defaults: 24 scenes × 4 distortions × 4 levels + references, 64×64)', () => {
  let folder: TempFolder;
  let first: SyntheticDatasetResult;
  let elapsedMs = 0;

  beforeAll(async () => {
    folder = makeTempFolder('rankfall-synth-');
    const started = performance.now();
    first = await generateSyntheticDataset({ outDir: folder.path('a'), seed: 1 });
    elapsedMs = performance.now() - started;
    console.info(`[datasets] synthetic default dataset (${first.manifest.images.length} images): ${elapsedMs.toFixed(0)} ms`);
  }, 120_000);
  afterAll(() => folder.cleanup());

  it('writes 408 PNGs of 64×64, a CSV and a manifest that validates', async () => {
    const { manifest } = first;
    expect(manifest.images).toHaveLength(24 * 4 * 4 + 24);
    expect(readdirSync(first.imageRoot)).toHaveLength(408);
    expect(datasetManifestSchema.parse(manifest)).toEqual(manifest);
    expect(manifest).toMatchObject({ source: 'synthetic', lowerBetter: false, mosRange: [0, 100], imagesVerified: true });
    expect(JSON.parse(readFileSync(first.manifestPath, 'utf8'))).toEqual(manifest);
    const image = await decodeImage(manifest.images[7]!.filePath);
    expect([image.width, image.height]).toEqual([64, 64]);
    for (const i of manifest.images) expect(sha256Bytes(readFileSync(i.filePath))).toBe(i.sha256);
  });

  it('is byte-identical for the same seed and different for another seed', async () => {
    const again = await generateSyntheticDataset({ outDir: folder.path('b'), seed: 1 });
    const other = await generateSyntheticDataset({ outDir: folder.path('c'), seed: 2, references: 3, levels: 1 });
    const hashesA = folderHashes(folder.path('a'));
    expect(Object.keys(hashesA)).toHaveLength(409);
    expect(folderHashes(folder.path('b'))).toEqual(hashesA);
    expect(again.manifest.images.map((i) => i.sha256)).toEqual(first.manifest.images.map((i) => i.sha256));
    const hashesC = folderHashes(folder.path('c'));
    expect(hashesC['images/s000-ref.png']).not.toBe(hashesA['images/s000-ref.png']);
    expect(other.manifest.images).toHaveLength(3 * 4 * 1 + 3);
    expect(other.manifest.version).not.toBe(first.manifest.version);
  }, 120_000);

  it('splits by scene: every image of a scene in one split, 17/4/3 scenes', () => {
    const splitOfScene = new Map<string, Set<string>>();
    for (const i of first.manifest.images) {
      const scene = i.reference!;
      splitOfScene.set(scene, (splitOfScene.get(scene) ?? new Set()).add(i.split!));
    }
    expect(splitOfScene.size).toBe(24);
    for (const splits of splitOfScene.values()) expect(splits.size).toBe(1);
    const count = (s: string): number => [...splitOfScene.values()].filter((v) => v.has(s)).length;
    expect([count('train'), count('val'), count('test')]).toEqual([17, 4, 3]);
  });

  it('labels: reference highest in its scene, strictly decreasing with the level, all within 0–100', () => {
    const mos = new Map(first.manifest.images.map((i) => [i.key, i.mos]));
    for (let s = 0; s < 24; s++) {
      const scene = `s${String(s).padStart(3, '0')}`;
      const ref = mos.get(`${scene}-ref.png`)!;
      expect(ref).toBeGreaterThan(90);
      for (const d of ['gaussian-blur', 'gaussian-noise', 'jpeg', 'contrast']) {
        const levels = [1, 2, 3, 4].map((l) => mos.get(`${scene}-${d}-${l}.png`)!);
        expect(levels[0]!).toBeLessThan(ref);
        for (let l = 1; l < 4; l++) expect(levels[l]!).toBeLessThan(levels[l - 1]!);
      }
    }
    for (const i of first.manifest.images) {
      expect(i.mos).toBeGreaterThanOrEqual(0);
      expect(i.mos).toBeLessThanOrEqual(100);
      expect(i.mosStd).toBeGreaterThan(0);
    }
  });

  it('the folder-csv importer reads the CSV back to the same images (sha256, size, labels, splits)', async () => {
    const imported = await importDataset('folder-csv', { table: first.tablePath, imageRoot: first.imageRoot, facts: first.facts });
    const pick = (m: typeof imported): unknown[] =>
      m.images.map((i) => [i.key, i.filePath, i.sha256, i.width, i.height, i.mos, i.mosStd, i.split]);
    expect(pick(imported)).toEqual(pick(first.manifest));
    expect([imported.name, imported.version]).toEqual([first.manifest.name, first.manifest.version]);
  });

  it('refuses a non-empty folder unless overwrite, and then replaces its own files', async () => {
    await expect(generateSyntheticDataset({ outDir: folder.path('a'), seed: 1 })).rejects.toMatchObject({ code: 'OUT_DIR_NOT_EMPTY' });
    const small = await generateSyntheticDataset({ outDir: folder.path('c'), seed: 3, references: 4, levels: 2, distortions: ['quantization'], overwrite: true });
    expect(readdirSync(small.imageRoot)).toHaveLength(4 * 2 + 4);
  });

  it.each([
    [{ distortions: ['jpeg', 'jpeg'] }],
    [{ distortions: ['sharpen'] }],
    [{ references: 2 }],
    [{ splits: { train: 0, val: 0, test: 0 } }],
  ])('rejects invalid options %j', async (bad) => {
    const error = await generateSyntheticDataset({ outDir: folder.path('never'), ...(bad as object) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyntheticDatasetError);
    expect((error as SyntheticDatasetError).code).toBe('INVALID_OPTIONS');
  });

  it('every distortion id can be generated (2 scenes of each, without references)', async () => {
    const all = await generateSyntheticDataset({
      outDir: folder.path('all'),
      references: 3,
      size: 32,
      levels: 2,
      includeReferences: false,
      distortions: ['gaussian-blur', 'gaussian-noise', 'jpeg', 'contrast', 'salt-and-pepper', 'quantization'],
    });
    expect(all.manifest.images).toHaveLength(3 * 6 * 2);
    expect(all.manifest.images.every((i) => i.width === 32 && i.height === 32)).toBe(true);
  });
});
