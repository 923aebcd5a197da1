import { fixturePath, skipWithoutFixtures } from '@rankfall/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { expectManifestMatchesTable, mosExtent } from '../testing/table-expectations';
import { makeTempFolder, trimmedTable } from '../testing/temp-dataset';
import { importDataset } from './import-dataset';

const TABLE = fixturePath('real/mos/pyiqa-meta-info/meta_info_KADID10kDataset.csv');

describe.skipIf(skipWithoutFixtures())('kadid10k importer (pyiqa meta_info)', () => {
  const folder = makeTempFolder();
  afterAll(() => folder.cleanup());

  it('reads 10,125 rows; "dmos" is a 1–5 MOS, higher = better, kept as published', async () => {
    const manifest = await importDataset('kadid10k', { table: TABLE, imagesRequired: false });
    expect(manifest).toMatchObject({ name: 'KADID-10k', mosRange: [1, 5], lowerBetter: false });
    expectManifestMatchesTable(manifest, TABLE, { key: 1, mos: 2, std: 3, reference: 0 });
    expect(manifest.images).toHaveLength(10_125);
    expect(new Set(manifest.images.map((i) => i.reference)).size).toBe(81);
    expect(mosExtent(manifest)).toEqual([1, 4.93]);
    // Level 1 of a distortion scores higher than level 5 of the same one on the same reference.
    const score = (key: string): number | undefined => manifest.images.find((i) => i.key === key)?.mos;
    expect(score('I01_01_01.png')).toBe(4.57);
    expect(score('I01_01_01.png')!).toBeGreaterThan(score('I01_01_05.png')!);
  });

  it('imports a trimmed table with images', async () => {
    const table = folder.write('kadid.csv', trimmedTable(TABLE, ['I01_01_01.png'], 1));
    folder.copy(fixturePath('real/images/imquality-brisque-tests/kodim05.png'), 'images/I01_01_01.png');
    const manifest = await importDataset('kadid10k', { table, imageRoot: folder.path('images') });
    expect(manifest.images).toEqual([
      {
        key: 'I01_01_01.png',
        filePath: folder.path('images', 'I01_01_01.png'),
        sha256: '10349e963c5c813d327852f82c1795fa4148d69fedffc4c589bee458e3ac3d53',
        width: 768,
        height: 512,
        format: 'png',
        convertedFromProfile: null,
        mos: 4.57,
        mosStd: 0.496,
        split: null,
        reference: 'I01.png',
      },
    ]);
  });
});
