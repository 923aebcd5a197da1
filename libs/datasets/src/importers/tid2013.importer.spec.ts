import { fixturePath, skipWithoutFixtures } from '@rankfall/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { expectManifestMatchesTable } from '../testing/table-expectations';
import { makeTempFolder, trimmedTable } from '../testing/temp-dataset';
import { importDataset } from './import-dataset';

const TABLE = fixturePath('real/mos/pyiqa-meta-info/meta_info_TID2013Dataset.csv');

describe.skipIf(skipWithoutFixtures())('tid2013 importer (pyiqa meta_info)', () => {
  const folder = makeTempFolder();
  afterAll(() => folder.cleanup());

  it('reads 3,000 rows of 25 references, 0–9 higher = better', async () => {
    const manifest = await importDataset('tid2013', { table: TABLE, imagesRequired: false });
    expect(manifest).toMatchObject({ name: 'TID2013', mosRange: [0, 9], lowerBetter: false });
    expectManifestMatchesTable(manifest, TABLE, { key: 1, mos: 2, std: 3, reference: 0 });
    expect(manifest.images).toHaveLength(3000);
    expect(new Set(manifest.images.map((i) => i.reference)).size).toBe(25);
  });

  it('imports the two real TID2013 images with their README MOS (names matched case-sensitively)', async () => {
    const table = folder.write('tid.csv', trimmedTable(TABLE, ['i01_01_5.bmp', 'I03_01_1.bmp'], 1));
    folder.copy(fixturePath('real/images/piq-tid2013/i01_01_5.bmp'), 'distorted_images/i01_01_5.bmp');
    folder.copy(fixturePath('real/models/cnniqa-live/I03_01_1.bmp'), 'distorted_images/I03_01_1.bmp');
    const manifest = await importDataset('tid2013', { table, imageRoot: folder.path('distorted_images') });
    expect(manifest.images).toEqual([
      {
        key: 'i01_01_5.bmp',
        filePath: folder.path('distorted_images', 'i01_01_5.bmp'),
        sha256: '74ec08fde9c5e6d6ec0168ca8a6b8c6824d55557c9bd6b816a52b99b2db3e4ed',
        width: 512,
        height: 384,
        format: 'bmp',
        convertedFromProfile: null,
        mos: 3.86486,
        mosStd: 0.10229,
        split: null,
        reference: 'I01.BMP',
      },
      {
        key: 'I03_01_1.bmp',
        filePath: folder.path('distorted_images', 'I03_01_1.bmp'),
        sha256: '29073ae128789f64b789a5a915a007c67bfbf67446d02d96b4b111ce77289beb',
        width: 512,
        height: 384,
        format: 'bmp',
        convertedFromProfile: null,
        mos: 5.76923,
        mosStd: 0.09905,
        split: null,
        reference: 'I03.BMP',
      },
    ]);
  });

  it('a corrupt BMP fails the import, naming the table line and the image', async () => {
    const table = folder.write('tid-corrupt.csv', trimmedTable(TABLE, ['I01_01_1.bmp'], 1));
    folder.write('broken/I01_01_1.bmp', Buffer.from('BM\x00\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00\x28\x00\x00\x00', 'latin1'));
    await expect(importDataset('tid2013', { table, imageRoot: folder.path('broken') })).rejects.toMatchObject({
      code: 'IMAGE_PROBLEMS',
      problems: [expect.objectContaining({ code: 'IMAGE_CORRUPT', line: 2, image: folder.path('broken', 'I01_01_1.bmp') })],
      message: expect.stringMatching(/tid-corrupt\.csv line 2: image "I01_01_1\.bmp": .*I01_01_1\.bmp: corrupt BMP/),
    });
  });
});
