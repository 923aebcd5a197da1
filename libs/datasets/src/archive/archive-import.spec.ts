import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetImportError } from '../importers/dataset-import-error';
import { importDataset } from '../importers/import-dataset';
import { generateSyntheticDataset, type SyntheticDatasetResult } from '../synthetic/generate-synthetic-dataset';
import { makeTempFolder, type TempFolder } from '../testing/temp-dataset';
import { withExtractedArchive } from './extract-zip-archive';
import { locateArchiveDataset } from './locate-archive-dataset';
import { folderZipEntries, writeTestZip } from './zip-writer.test-helper';

/** The synthetic dataset, zipped the way a user would (inside a top folder), extracted and imported with the folder-csv importer. */
let folder: TempFolder;
let synthetic: SyntheticDatasetResult;

beforeAll(async () => {
  folder = makeTempFolder('rankfall-archive-import-');
  synthetic = await generateSyntheticDataset({ outDir: folder.path('synth'), seed: 3, references: 3, size: 32, levels: 1 });
}, 60_000);
afterAll(() => folder.cleanup());

describe('a zipped dataset through the safe extractor and an importer', () => {
  it('imports the same images and MOS as the folder it was zipped from', async () => {
    const zip = folder.path('synth.zip');
    writeFileSync(zip, writeTestZip(folderZipEntries(folder.path('synth'), 'synthetic-v1/')));
    const facts = JSON.parse(readFileSync(synthetic.manifestPath, 'utf8'));
    const manifest = await withExtractedArchive(zip, { tempParent: folder.dir }, async (archive) => {
      const layout = locateArchiveDataset(archive);
      expect(layout).toEqual({ table: 'synthetic-v1/mos.csv', images: 'synthetic-v1/images' });
      return importDataset('folder-csv', { table: join(archive.dir, layout.table), imageRoot: join(archive.dir, layout.images), imagesRequired: true, facts });
    });
    expect(manifest.images.map((image) => [image.key, image.mos, image.sha256])).toEqual(synthetic.manifest.images.map((image) => [image.key, image.mos, image.sha256]));
    expect(manifest.images).toHaveLength(15);
  });

  it('reports an image the archive lacks as the importer does, naming the file', async () => {
    const entries = folderZipEntries(folder.path('synth')).filter((entry) => entry.name !== `images/${synthetic.manifest.images[2]!.key}`);
    const zip = folder.path('missing.zip');
    writeFileSync(zip, writeTestZip(entries));
    const facts = JSON.parse(readFileSync(synthetic.manifestPath, 'utf8'));
    const attempt = withExtractedArchive(zip, { tempParent: folder.dir }, async (archive) => {
      const layout = locateArchiveDataset(archive);
      return importDataset('folder-csv', { table: join(archive.dir, layout.table), imageRoot: join(archive.dir, layout.images), imagesRequired: true, facts });
    });
    await expect(attempt).rejects.toThrow(DatasetImportError);
    await expect(attempt).rejects.toThrow(synthetic.manifest.images[2]!.key);
  });
});
