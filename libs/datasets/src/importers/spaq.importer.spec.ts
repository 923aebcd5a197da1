import { fixturePath, skipWithoutFixtures } from '@rankfall/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { expectManifestMatchesTable, mosExtent } from '../testing/table-expectations';
import { makeTempFolder, trimmedTable } from '../testing/temp-dataset';
import { importDataset } from './import-dataset';

const TABLE = fixturePath('real/mos/pyiqa-meta-info/meta_info_SPAQDataset.csv');

describe.skipIf(skipWithoutFixtures())('spaq importer (pyiqa meta_info)', () => {
  const folder = makeTempFolder();
  afterAll(() => folder.cleanup());

  it('reads 11,125 rows (24 columns, one header name repeated), MOS 0–100', async () => {
    const manifest = await importDataset('spaq', { table: TABLE, imagesRequired: false });
    expect(manifest).toMatchObject({ name: 'SPAQ', mosRange: [0, 100], lowerBetter: false });
    expectManifestMatchesTable(manifest, TABLE, { key: 0, mos: 1 });
    expect(manifest.images).toHaveLength(11_125);
    expect(mosExtent(manifest)).toEqual([2, 96]);
    expect(manifest.images[0]).toMatchObject({ key: '00001.jpg', mos: 48.86 });
  });

  it('imports a trimmed table with an image and honours limit', async () => {
    const table = folder.write('spaq.csv', trimmedTable(TABLE, ['00001.jpg', '00002.jpg']));
    folder.copy(fixturePath('real/images/linearityiqa-clive/1000.JPG'), 'TestImage/00001.jpg');
    const manifest = await importDataset('spaq', { table, imageRoot: folder.path('TestImage'), limit: 1 });
    expect(manifest.images).toMatchObject([{ key: '00001.jpg', width: 500, height: 500, mos: 48.86 }]);
  });
});
