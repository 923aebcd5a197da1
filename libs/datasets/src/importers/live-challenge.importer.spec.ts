import { fixturePath, skipWithoutFixtures } from '@rankfall/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { expectManifestMatchesTable, mosExtent } from '../testing/table-expectations';
import { makeTempFolder, trimmedTable } from '../testing/temp-dataset';
import { importDataset } from './import-dataset';

const TABLE = fixturePath('real/mos/pyiqa-meta-info/meta_info_LIVEChallengeDataset.csv');

describe.skipIf(skipWithoutFixtures())('live-challenge importer (pyiqa meta_info)', () => {
  const folder = makeTempFolder();
  afterAll(() => folder.cleanup());

  it('reads 1,169 rows, 0–100 higher = better, 1000.JPG = 56.512', async () => {
    const manifest = await importDataset('live-challenge', { table: TABLE, imagesRequired: false });
    expect(manifest).toMatchObject({ name: 'LIVE Challenge', mosRange: [0, 100], lowerBetter: false });
    expectManifestMatchesTable(manifest, TABLE, { key: 0, mos: 1, std: 2 });
    expect(manifest.images).toHaveLength(1169);
    const image = manifest.images.find((i) => i.key === '1000.JPG');
    expect(image?.mos).toBeCloseTo(56.512, 3);
    expect(image?.mosStd).toBeCloseTo(20.47, 2);
    const [lo, hi] = mosExtent(manifest);
    expect(lo).toBeCloseTo(3.42, 2);
    expect(hi).toBeCloseTo(92.43, 2);
  });

  it('imports the real 1000.JPG with a trimmed table', async () => {
    const table = folder.write('livec.csv', trimmedTable(TABLE, ['1000.JPG', 't1.bmp']));
    folder.copy(fixturePath('real/images/linearityiqa-clive/1000.JPG'), 'Images/1000.JPG');
    folder.copy(fixturePath('real/images/piq-tid2013/I01.BMP'), 'Images/t1.bmp');
    const manifest = await importDataset('live-challenge', { table, imageRoot: folder.path('Images') });
    expect(manifest.images.map((i) => [i.key, i.sha256, i.width, i.height])).toEqual([
      ['t1.bmp', '43d3c92154c48529fae107749bb60777950ccb8e324b120a63c142f4279df63f', 512, 384],
      ['1000.JPG', '710da4af594e817bcd3638a76e216b78f6c8076791bcd91821e8fb4241748e38', 500, 500],
    ]);
  });

  it('a missing image fails the whole import', async () => {
    const table = folder.write('livec-missing.csv', trimmedTable(TABLE, ['1000.JPG', '1001.JPG']));
    folder.copy(fixturePath('real/images/linearityiqa-clive/1000.JPG'), 'only/1000.JPG');
    await expect(importDataset('live-challenge', { table, imageRoot: folder.path('only') })).rejects.toMatchObject({
      code: 'IMAGE_PROBLEMS',
      problemCount: 1,
      message: expect.stringMatching(/livec-missing\.csv line \d: image "1001\.JPG": file not found/),
    });
  });
});
