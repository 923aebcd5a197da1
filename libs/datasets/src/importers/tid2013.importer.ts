import { type DatasetFormat } from './dataset-format';
import { PYIQA_META_INFO_SOURCE, pyiqaFullReferenceLayout } from './pyiqa-layouts';

/** pyiqa's `meta_info_TID2013Dataset.csv` (3,000 distorted images of 25 references). */
export const tid2013Format: DatasetFormat<'tid2013'> = {
  id: 'tid2013',
  title: 'TID2013 (pyiqa meta_info)',
  tableFile: 'meta_info_TID2013Dataset.csv',
  layouts: [pyiqaFullReferenceLayout('mos', 'required', false)],
  facts: {
    name: 'TID2013',
    version: '1',
    mosRange: [0, 9],
    lowerBetter: false,
    provenance: {
      source: `TID2013 (Ponomarenko et al., Signal Processing: Image Communication 2015); ${PYIQA_META_INFO_SOURCE}`,
      licence: 'TID2013 database terms (free for research use). Table: CC BY-NC-SA 4.0 (pyiqa).',
      url: 'http://www.ponomarenko.info/tid2013.htm',
      labelTransform: 'mos as published (0–9); mosStd = std as published.',
    },
  },
  imageRootHint:
    'the `distorted_images/` folder of the release (names are matched exactly: the table mixes `I01_01_1.bmp` and `i01_01_2.bmp`, as the release does)',
};
