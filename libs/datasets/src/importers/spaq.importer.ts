import { z } from 'zod';
import { type DatasetFormat } from './dataset-format';
import { PYIQA_META_INFO_SOURCE } from './pyiqa-layouts';
import { imageKeyField, numberField } from './table-fields';

const row = z
  .object({ 'Image name': imageKeyField(), MOS: numberField() })
  .transform((r) => ({ key: r['Image name'], mos: r.MOS, mosStd: null, split: null, reference: null }));

/** pyiqa's `meta_info_SPAQDataset.csv` (11,125 smartphone photos); attribute/scene/EXIF columns ignored. */
export const spaqFormat: DatasetFormat<'spaq'> = {
  id: 'spaq',
  title: 'SPAQ (pyiqa meta_info)',
  tableFile: 'meta_info_SPAQDataset.csv',
  layouts: [{ required: ['Image name', 'MOS'], optional: [], allowExtra: true, keyColumn: 'Image name', scoreColumn: 'MOS', row }],
  facts: {
    name: 'SPAQ',
    version: '1',
    mosRange: [0, 100],
    lowerBetter: false,
    provenance: {
      source: `SPAQ (Fang, Zhu, Zeng, Ma, Wang, CVPR 2020); ${PYIQA_META_INFO_SOURCE}`,
      licence: 'SPAQ database terms (research use). Table: CC BY-NC-SA 4.0 (pyiqa).',
      url: 'https://github.com/h4nwei/SPAQ',
      labelTransform: 'MOS as published (0–100); attribute scores, scene labels and EXIF columns ignored; no std.',
    },
  },
  imageRootHint: 'the folder of the SPAQ photos (`TestImage/`, 00001.jpg … 11125.jpg)',
};
