import { type DatasetFormat } from './dataset-format';
import { PYIQA_META_INFO_SOURCE, pyiqaFullReferenceLayout } from './pyiqa-layouts';

/** pyiqa's `meta_info_CSIQDataset.csv` (866 distorted images of 30 references), DMOS 0–1. */
export const csiqFormat: DatasetFormat<'csiq'> = {
  id: 'csiq',
  title: 'CSIQ (pyiqa meta_info)',
  tableFile: 'meta_info_CSIQDataset.csv',
  layouts: [pyiqaFullReferenceLayout('dmos', 'none', false)],
  facts: {
    name: 'CSIQ',
    version: '1',
    mosRange: [0, 1],
    lowerBetter: true,
    provenance: {
      source: `CSIQ (Larson & Chandler, Journal of Electronic Imaging 2010); ${PYIQA_META_INFO_SOURCE}`,
      licence: 'CSIQ database terms (research use). Table: CC BY-NC-SA 4.0 (pyiqa).',
      url: 'https://s2.smu.edu/~eclarson/csiq.html',
      labelTransform: 'dmos as published (0–1, higher = worse); no std.',
    },
  },
  imageRootHint:
    'a flat folder of the 866 distorted images (`dst_imgs_all/`, as pyiqa expects; the release keeps them in per-distortion sub-folders of `dst_imgs/`)',
};
