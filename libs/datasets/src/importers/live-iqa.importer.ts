import { type DatasetFormat } from './dataset-format';
import { PYIQA_META_INFO_SOURCE, pyiqaFullReferenceLayout } from './pyiqa-layouts';

/** pyiqa's `meta_info_LIVEIQADataset.csv` (779 distorted images of LIVE Release 2). */
export const liveIqaFormat: DatasetFormat<'live-iqa'> = {
  id: 'live-iqa',
  title: 'LIVE IQA Release 2 (pyiqa meta_info)',
  tableFile: 'meta_info_LIVEIQADataset.csv',
  layouts: [pyiqaFullReferenceLayout('mos', 'none', false)],
  facts: {
    name: 'LIVE IQA',
    version: '2',
    mosRange: [0, 100],
    lowerBetter: true,
    provenance: {
      source: `LIVE Image Quality Assessment Database Release 2 (Sheikh, Sabir, Bovik, IEEE TIP 2006); ${PYIQA_META_INFO_SOURCE}`,
      licence: 'LIVE IQA database terms of UT Austin (research use). Table: CC BY-NC-SA 4.0 (pyiqa).',
      url: 'https://live.ece.utexas.edu/research/quality/subjective.htm',
      labelTransform:
        'the "mos" column as published: despite its name DMOS-like, higher = worse (17.9–84.5); it correlates with but is not LIVE\'s realigned DMOS; no std.',
    },
  },
  imageRootHint: 'the release root `databaserelease2/` (keys such as `jp2k/img2.bmp` are relative to it)',
};
