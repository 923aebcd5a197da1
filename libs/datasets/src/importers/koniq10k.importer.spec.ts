import { fixturePath, skipWithoutFixtures } from '@rankfall/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { expectManifestMatchesTable, mosExtent } from '../testing/table-expectations';
import { makeTempFolder, trimmedTable } from '../testing/temp-dataset';
import { importDataset } from './import-dataset';

const TABLE = fixturePath('real/mos/koniq10k-subpic/koniq10k_distributions_sets.csv');

describe.skipIf(skipWithoutFixtures())('koniq10k importer (official koniq10k_distributions_sets.csv)', () => {
  const folder = makeTempFolder();
  afterAll(() => folder.cleanup());

  it('reads all 10,073 rows: MOS 0–100 (3.9–88.4), SD as published, official splits', async () => {
    const started = performance.now();
    const manifest = await importDataset('koniq10k', { table: TABLE, imagesRequired: false });
    const ms = performance.now() - started;
    console.info(`[datasets] KonIQ-10k official table, 10,073 rows: ${ms.toFixed(0)} ms`);
    expect(manifest).toMatchObject({ source: 'koniq10k', name: 'KonIQ-10k', lowerBetter: false, mosRange: [0, 100], imagesVerified: false });
    expectManifestMatchesTable(manifest, TABLE, { key: 0, mos: 7, std: 8 });
    const [lo, hi] = mosExtent(manifest);
    expect(lo).toBeCloseTo(3.9, 1);
    expect(hi).toBeCloseTo(88.4, 1);
    const counts = { train: 0, val: 0, test: 0 };
    for (const image of manifest.images) counts[image.split!] += 1;
    expect(counts).toEqual({ train: 7058, val: 1000, test: 2015 });
    expect(manifest.images[0]).toMatchObject({ key: '10004473376.jpg', mos: 77.3836206897, mosStd: 0.527277894494, split: 'train' });
  });

  it('imports a trimmed table with images, checksummed and measured (format from bytes: a PNG named .jpg)', async () => {
    const table = folder.write('koniq.csv', trimmedTable(TABLE, ['10004473376.jpg', '10007357496.jpg']));
    folder.copy(fixturePath('real/images/linearityiqa-clive/1000.JPG'), '1024x768/10004473376.jpg');
    folder.copy(fixturePath('real/images/imquality-brisque-tests/kodim05.png'), '1024x768/10007357496.jpg');
    const manifest = await importDataset('koniq10k', { table, imageRoot: folder.path('1024x768') });
    expect(manifest.images).toEqual([
      {
        key: '10004473376.jpg',
        filePath: folder.path('1024x768', '10004473376.jpg'),
        sha256: '710da4af594e817bcd3638a76e216b78f6c8076791bcd91821e8fb4241748e38',
        width: 500,
        height: 500,
        format: 'jpeg',
        convertedFromProfile: null,
        mos: 77.3836206897,
        mosStd: 0.527277894494,
        split: 'train',
        reference: null,
      },
      {
        key: '10007357496.jpg',
        filePath: folder.path('1024x768', '10007357496.jpg'),
        sha256: '10349e963c5c813d327852f82c1795fa4148d69fedffc4c589bee458e3ac3d53',
        width: 768,
        height: 512,
        format: 'png',
        convertedFromProfile: null,
        mos: 68.7285714286,
        mosStd: 0.580003024795,
        split: 'test',
        reference: null,
      },
    ]);
  });

  it('refuses the pyiqa copy (other columns), naming expected and found', async () => {
    const table = fixturePath('real/mos/pyiqa-meta-info/meta_info_KonIQ10kDataset.csv');
    await expect(importDataset('koniq10k', { table, imagesRequired: false })).rejects.toMatchObject({
      code: 'WRONG_COLUMNS',
      message: expect.stringMatching(/meta_info_KonIQ10kDataset\.csv line 1: wrong columns for koniq10k: expected image_name,MOS,SD,set.*missing "image_name", "MOS", "SD", "set".*found img_name,mos,std,split/),
    });
  });
});
