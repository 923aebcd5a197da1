import { fixturePath, skipWithoutFixtures } from '@rankfall/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { expectManifestMatchesTable, mosExtent } from '../testing/table-expectations';
import { makeTempFolder, trimmedTable } from '../testing/temp-dataset';
import { importDataset } from './import-dataset';

const TABLE = fixturePath('real/mos/pyiqa-meta-info/meta_info_CSIQDataset.csv');

describe.skipIf(skipWithoutFixtures())('csiq importer (pyiqa meta_info)', () => {
  const folder = makeTempFolder();
  afterAll(() => folder.cleanup());

  it('reads 866 rows of DMOS 0–1, higher = worse (lowerBetter), no std', async () => {
    const manifest = await importDataset('csiq', { table: TABLE, imagesRequired: false });
    expect(manifest).toMatchObject({ name: 'CSIQ', mosRange: [0, 1], lowerBetter: true });
    expectManifestMatchesTable(manifest, TABLE, { key: 1, mos: 2, reference: 0 });
    expect(manifest.images).toHaveLength(866);
    expect(mosExtent(manifest)).toEqual([0, 1]);
    const dmos = (key: string): number | undefined => manifest.images.find((i) => i.key === key)?.mos;
    expect(dmos('1600.AWGN.1.png')).toBe(0.061989);
    // More noise = worse = higher DMOS.
    expect(dmos('1600.AWGN.5.png')!).toBeGreaterThan(dmos('1600.AWGN.1.png')!);
  });

  it('imports a trimmed table with an image', async () => {
    const table = folder.write('csiq.csv', trimmedTable(TABLE, ['1600.AWGN.1.png'], 1));
    folder.copy(fixturePath('real/images/imquality-brisque-tests/kodim05.png'), 'dst_imgs_all/1600.AWGN.1.png');
    const manifest = await importDataset('csiq', { table, imageRoot: folder.path('dst_imgs_all') });
    expect(manifest.images[0]).toMatchObject({ key: '1600.AWGN.1.png', width: 768, height: 512, mos: 0.061989, mosStd: null, reference: '1600.png' });
  });

  it('a non-numeric dmos names file, line and field', async () => {
    const lines = trimmedTable(TABLE, ['1600.AWGN.1.png', '1600.AWGN.2.png'], 1).replace('0.206245', 'abc');
    const table = folder.write('meta_info_CSIQDataset.csv', lines);
    await expect(importDataset('csiq', { table, imagesRequired: false })).rejects.toThrow(
      'meta_info_CSIQDataset.csv line 3: field "dmos": expected a number, got "abc"',
    );
  });
});
