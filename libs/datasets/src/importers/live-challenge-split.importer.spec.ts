import { fixturePath, skipWithoutFixtures } from '@rankfall/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { expectManifestMatchesTable } from '../testing/table-expectations';
import { makeTempFolder } from '../testing/temp-dataset';
import { importDataset } from './import-dataset';

const SPLIT = fixturePath('livec-test.csv');
const META = fixturePath('real/mos/pyiqa-meta-info/meta_info_LIVEChallengeDataset.csv');

describe.skipIf(skipWithoutFixtures())('live-challenge-split importer (SMA livec-test.csv)', () => {
  const folder = makeTempFolder();
  afterAll(() => folder.cleanup());

  it('reads the 232 test rows with the split given, MOS equal to the pyiqa table to 1e-5', async () => {
    const manifest = await importDataset('live-challenge-split', { table: SPLIT, imagesRequired: false, defaultSplit: 'test' });
    expectManifestMatchesTable(manifest, SPLIT, { key: 0, mos: 1 });
    expect(manifest.images).toHaveLength(232);
    expect(manifest.images.every((i) => i.split === 'test')).toBe(true);
    const meta = await importDataset('live-challenge', { table: META, imagesRequired: false });
    const byKey = new Map(meta.images.map((i) => [i.key, i.mos]));
    for (const image of manifest.images) expect(Math.abs(image.mos - byKey.get(image.key)!)).toBeLessThan(1e-5);
  });

  it('imports with an image', async () => {
    const table = folder.write('livec-one.csv', 'filename,mos\n1000.JPG,56.512195\n');
    folder.copy(fixturePath('real/images/linearityiqa-clive/1000.JPG'), 'Images/1000.JPG');
    const manifest = await importDataset('live-challenge-split', { table, imageRoot: folder.path('Images'), defaultSplit: 'test' });
    expect(manifest.images[0]).toMatchObject({ key: '1000.JPG', width: 500, height: 500, mos: 56.512195, split: 'test' });
  });
});
