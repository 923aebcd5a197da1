import { fixturePath, skipWithoutFixtures } from '@rankfall/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { expectManifestMatchesTable, mosExtent } from '../testing/table-expectations';
import { makeTempFolder, trimmedTable } from '../testing/temp-dataset';
import { importDataset } from './import-dataset';

const TABLE = fixturePath('real/mos/pyiqa-meta-info/meta_info_LIVEIQADataset.csv');

describe.skipIf(skipWithoutFixtures())('live-iqa importer (pyiqa meta_info)', () => {
  const folder = makeTempFolder();
  afterAll(() => folder.cleanup());

  it('reads 779 rows of DMOS-like values (17.9–84.5, higher = worse) keyed by sub-folder paths', async () => {
    const manifest = await importDataset('live-iqa', { table: TABLE, imagesRequired: false });
    expect(manifest).toMatchObject({ name: 'LIVE IQA', mosRange: [0, 100], lowerBetter: true });
    expectManifestMatchesTable(manifest, TABLE, { key: 1, mos: 2, reference: 0 });
    expect(manifest.images).toHaveLength(779);
    const [lo, hi] = mosExtent(manifest);
    expect(lo).toBeCloseTo(17.9, 1);
    expect(hi).toBeCloseTo(84.5, 1);
    expect(manifest.images[0]).toMatchObject({ key: 'jp2k/img2.bmp', mos: 28.00384535689855, reference: 'refimgs/studentsculpture.bmp' });
  });

  it('resolves keys with sub-folders under the release root', async () => {
    const table = folder.write('live.csv', trimmedTable(TABLE, ['jp2k/img2.bmp', 'wn/img16.bmp'], 1));
    folder.copy(fixturePath('real/images/imquality-brisque-tests/img151.bmp'), 'databaserelease2/jp2k/img2.bmp');
    folder.copy(fixturePath('real/images/imquality-brisque-tests/img16.bmp'), 'databaserelease2/wn/img16.bmp');
    const manifest = await importDataset('live-iqa', { table, imageRoot: folder.path('databaserelease2') });
    expect(manifest.images.map((i) => [i.key, i.filePath, i.width, i.height, i.sha256])).toEqual([
      ['jp2k/img2.bmp', folder.path('databaserelease2', 'jp2k', 'img2.bmp'), 768, 512, '7499bcad06c016f0dbbd291f3e98ec09c699808c0dacfeb200589cb6eac61cd2'],
      ['wn/img16.bmp', folder.path('databaserelease2', 'wn', 'img16.bmp'), 634, 438, 'a6fe9a0d6475a2b50f1d5a2fe36f7336e93ad8a8002ecc743d137b33d83b1332'],
    ]);
  });
});
