import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeImage, generateSyntheticDataset, type SyntheticDatasetResult } from '@rankfall/datasets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTrainingDataset } from './load-training-dataset';
import { TrainingError } from './training-error';

describe('loadTrainingDataset', () => {
  let root: string;
  let synthetic: SyntheticDatasetResult;
  let generic: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'rankfall-load-'));
    synthetic = await generateSyntheticDataset({ outDir: join(root, 'synth'), seed: 4, references: 5, size: 32, levels: 1 });
    // a generic folder: the same PNGs flat in one folder, a CSV without split column, no manifest
    generic = join(root, 'generic');
    await mkdir(generic);
    const rows = ['filename,mos'];
    for (const image of synthetic.manifest.images) {
      await copyFile(image.filePath, join(generic, image.key));
      rows.push(`${image.key},${image.mos}`);
    }
    await writeFile(join(generic, 'scores.csv'), `${rows.join('\n')}\n`);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('reads the synthetic layout: facts from manifest.json, splits from mos.csv, pixels as decodeImage gives them', async () => {
    const dataset = await loadTrainingDataset(join(root, 'synth'));
    const { manifest } = synthetic;
    expect(dataset).toMatchObject({ name: manifest.name, version: manifest.version, mosRange: manifest.mosRange, lowerBetter: false });
    expect(dataset.images.map((image) => [image.key, image.mos, image.split])).toEqual(manifest.images.map((image) => [image.key, image.mos, image.split]));
    const first = manifest.images[0]!;
    const decoded = await decodeImage(first.filePath);
    expect(dataset.images[0]).toMatchObject({ height: 32, width: 32 });
    expect(dataset.images[0]!.data).toEqual(decoded.data);
  });

  it('needs the facts of a generic folder (INVALID_DATASET), then splits it 70/15/15 by a seed', async () => {
    await expect(loadTrainingDataset(generic)).rejects.toThrow(expect.objectContaining({ code: 'INVALID_DATASET', message: expect.stringMatching(/--mos-range/) }));
    const load = (splitSeed: number) => loadTrainingDataset(generic, { mosRange: [0, 100], lowerBetter: false, splitSeed });
    const a = await load(1);
    expect(a.name).toBe('generic');
    expect(a.images).toHaveLength(25);
    const count = (split: string) => a.images.filter((image) => image.split === split).length;
    // 25 images, each its own group: round(17.5) = 18 train, round(3.75) = 4 val, the other 3 test
    expect([count('train'), count('val'), count('test')]).toEqual([18, 4, 3]);
    expect((await load(1)).images.map((image) => image.split)).toEqual(a.images.map((image) => image.split));
    expect((await load(2)).images.map((image) => image.split)).not.toEqual(a.images.map((image) => image.split));
  });

  it('refuses a folder with several tables and no mos.csv, or no folder at all', async () => {
    await writeFile(join(generic, 'other.csv'), 'filename,mos\n');
    const call = loadTrainingDataset(generic, { mosRange: [0, 100], lowerBetter: false });
    await expect(call).rejects.toBeInstanceOf(TrainingError);
    await expect(call).rejects.toThrow(/other\.csv, scores\.csv|scores\.csv, other\.csv/);
    await rm(join(generic, 'other.csv'));
    expect((await readdir(generic)).filter((f) => f.endsWith('.csv'))).toEqual(['scores.csv']);
    await expect(loadTrainingDataset(join(root, 'nope'))).rejects.toThrow(expect.objectContaining({ code: 'INVALID_DATASET' }));
  });
});
