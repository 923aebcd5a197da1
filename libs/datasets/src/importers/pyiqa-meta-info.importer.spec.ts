import { fixturePath, skipWithoutFixtures } from '@rankfall/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempFolder, trimmedTable } from '../testing/temp-dataset';
import { type DatasetFactsInput } from './dataset-format';
import { importDataset } from './import-dataset';

const META = (name: string): string => fixturePath(`real/mos/pyiqa-meta-info/meta_info_${name}Dataset.csv`);
const facts = (mosRange: [number, number], lowerBetter: boolean): DatasetFactsInput => ({
  name: 'generic',
  mosRange,
  lowerBetter,
  provenance: { source: 'pyiqa meta_info', licence: 'CC BY-NC-SA 4.0 table; database terms apply' },
});

describe.skipIf(skipWithoutFixtures())('pyiqa-meta-info importer (generic)', () => {
  const folder = makeTempFolder();
  afterAll(() => folder.cleanup());

  it.each<[string, string, [number, number], boolean]>([
    ['CSIQ', 'csiq', [0, 1], true],
    ['TID2013', 'tid2013', [0, 9], false],
    ['KADID10k', 'kadid10k', [1, 5], false],
    ['LIVEIQA', 'live-iqa', [0, 100], true],
    ['LIVEChallenge', 'live-challenge', [0, 100], false],
    ['KonIQ10k', 'koniq10k-pyiqa', [0, 100], false],
  ])('reads meta_info_%sDataset.csv like the %s importer (labels, std, references)', async (name, named, range, lowerBetter) => {
    const generic = await importDataset('pyiqa-meta-info', { table: META(name), imagesRequired: false, facts: facts(range, lowerBetter) });
    const specific = await importDataset(named, { table: META(name), imagesRequired: false });
    expect(generic).toMatchObject({ source: 'pyiqa-meta-info', name: 'generic', lowerBetter, mosRange: range });
    expect(generic.images.map((i) => [i.key, i.mos, i.mosStd, i.reference])).toEqual(specific.images.map((i) => [i.key, i.mos, i.mosStd, i.reference]));
  });

  it('needs facts', async () => {
    await expect(importDataset('pyiqa-meta-info', { table: META('CSIQ'), imagesRequired: false })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
  });

  it('refuses the SPAQ table (not a pyiqa name/score layout), listing the layouts it accepts', async () => {
    await expect(importDataset('pyiqa-meta-info', { table: META('SPAQ'), imagesRequired: false, facts: facts([0, 100], false) })).rejects.toThrow(
      /wrong columns for pyiqa-meta-info: expected one of: ref_name,dist_name,mos\[,std\],… .* \| img_name,mos\[,std\],… \(missing "img_name", "mos"\); found Image name,MOS,/,
    );
  });

  it('imports with images', async () => {
    const table = folder.write('meta.csv', trimmedTable(META('TID2013'), ['i01_01_5.bmp'], 1));
    folder.copy(fixturePath('real/images/piq-tid2013/i01_01_5.bmp'), 'dist/i01_01_5.bmp');
    const manifest = await importDataset('pyiqa-meta-info', { table, imageRoot: folder.path('dist'), facts: facts([0, 9], false) });
    expect(manifest.images[0]).toMatchObject({ key: 'i01_01_5.bmp', width: 512, height: 384, mos: 3.86486, reference: 'I01.BMP' });
  });
});
