import { fixturePath, skipWithoutFixtures } from '@rankfall/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { expectManifestMatchesTable } from '../testing/table-expectations';
import { makeTempFolder, trimmedTable } from '../testing/temp-dataset';
import { importDataset } from './import-dataset';

const TABLE = fixturePath('real/mos/pyiqa-meta-info/meta_info_KonIQ10kDataset.csv');
const OFFICIAL = fixturePath('real/mos/koniq10k-subpic/koniq10k_distributions_sets.csv');

describe.skipIf(skipWithoutFixtures())('koniq10k-pyiqa importer (meta_info_KonIQ10kDataset.csv)', () => {
  const folder = makeTempFolder();
  afterAll(() => folder.cleanup());

  it('reads all 10,073 rows and agrees with the official table on every MOS, SD and split', async () => {
    const manifest = await importDataset('koniq10k-pyiqa', { table: TABLE, imagesRequired: false });
    expectManifestMatchesTable(manifest, TABLE, { key: 0, mos: 1, std: 2 });
    const official = await importDataset('koniq10k', { table: OFFICIAL, imagesRequired: false });
    const byKey = new Map(official.images.map((i) => [i.key, i]));
    expect(manifest.images.length).toBe(10_073);
    for (const image of manifest.images) {
      const o = byKey.get(image.key);
      expect([image.mos, image.mosStd, image.split]).toEqual([o?.mos, o?.mosStd, o?.split]);
    }
  });

  it('imports a trimmed table with images', async () => {
    const table = folder.write('t.csv', trimmedTable(TABLE, ['10007357496.jpg']));
    folder.copy(fixturePath('real/images/linearityiqa-clive/1000.JPG'), 'img/10007357496.jpg');
    const manifest = await importDataset('koniq10k-pyiqa', { table, imageRoot: folder.path('img') });
    expect(manifest.images).toMatchObject([
      { key: '10007357496.jpg', sha256: '710da4af594e817bcd3638a76e216b78f6c8076791bcd91821e8fb4241748e38', width: 500, height: 500, mos: 68.7285714286, split: 'test' },
    ]);
  });

  it('rejects a split code other than 0/1/2, naming the line and field', async () => {
    const table = folder.write('bad.csv', 'img_name,mos,std,split\na.jpg,50,0.5,0\nb.jpg,50,0.5,3\n');
    await expect(importDataset('koniq10k-pyiqa', { table, imagesRequired: false })).rejects.toThrow(
      /bad\.csv line 3: field "split": expected one of "0", "1", "2", got "3"/,
    );
  });
});
