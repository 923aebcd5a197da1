import { fixturePath, skipWithoutFixtures } from '@rankfall/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { expectManifestMatchesTable } from '../testing/table-expectations';
import { makeTempFolder } from '../testing/temp-dataset';
import { type DatasetFactsInput } from './dataset-format';
import { importDataset } from './import-dataset';

const FACTS: DatasetFactsInput = {
  name: 'CLIVE test split',
  mosRange: [0, 100],
  lowerBetter: false,
  provenance: { source: 'SMA splitfiles/livec-test.csv', licence: 'LIVE Challenge terms' },
};

describe('folder-csv importer', () => {
  const folder = makeTempFolder();
  afterAll(() => folder.cleanup());

  it.skipIf(skipWithoutFixtures())('reads a filename,mos table (the SMA split file)', async () => {
    const table = fixturePath('livec-test.csv');
    const manifest = await importDataset('folder-csv', { table, imagesRequired: false, facts: FACTS });
    expectManifestMatchesTable(manifest, table, { key: 0, mos: 1 });
    expect(manifest).toMatchObject({ source: 'folder-csv', name: 'CLIVE test split' });
  });

  it('accepts columns in any order, quoted fields and extra columns', async () => {
    const table = folder.write('q.csv', 'split,note,mos,filename,std\ntest,"a, b",12,"dir/x y.png",0.5\n,"say ""hi""",3,z.png,\n');
    const manifest = await importDataset('folder-csv', { table, imagesRequired: false, facts: FACTS });
    expect(manifest.images.map((i) => [i.key, i.mos, i.mosStd, i.split])).toEqual([
      ['dir/x y.png', 12, 0.5, 'test'],
      ['z.png', 3, null, null],
    ]);
  });
});
