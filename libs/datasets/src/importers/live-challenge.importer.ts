import { type DatasetFacts, type DatasetFormat } from './dataset-format';
import { PYIQA_META_INFO_SOURCE, pyiqaNoReferenceLayout } from './pyiqa-layouts';

/** LIVE In the Wild Image Quality Challenge (CLIVE) facts shared by its table formats. */
export const LIVE_CHALLENGE_FACTS: Omit<DatasetFacts, 'provenance'> = {
  name: 'LIVE Challenge',
  version: '1',
  mosRange: [0, 100],
  lowerBetter: false,
};

export const LIVE_CHALLENGE_SOURCE = 'LIVE In the Wild Image Quality Challenge Database (Ghadiyaram & Bovik, IEEE TIP 2016)';
export const LIVE_CHALLENGE_LICENCE =
  'LIVE Challenge database terms of UT Austin (research use; images and scores are not redistributable without checking them).';
export const LIVE_CHALLENGE_URL = 'https://live.ece.utexas.edu/research/ChallengeDB/index.html';
export const LIVE_CHALLENGE_IMAGE_ROOT =
  'the `Images/` folder of ChallengeDB_release with every named file directly in it (the seven `t1.bmp`…`t7.bmp` training images of the release sit in `Images/trainingImages/`: link or move them up)';

/** pyiqa's `meta_info_LIVEChallengeDataset.csv` (1,169 images). */
export const liveChallengeFormat: DatasetFormat<'live-challenge'> = {
  id: 'live-challenge',
  title: 'LIVE Challenge / CLIVE (pyiqa meta_info)',
  tableFile: 'meta_info_LIVEChallengeDataset.csv',
  layouts: [pyiqaNoReferenceLayout('required', false)],
  facts: {
    ...LIVE_CHALLENGE_FACTS,
    provenance: {
      source: `${LIVE_CHALLENGE_SOURCE}; ${PYIQA_META_INFO_SOURCE}`,
      licence: `${LIVE_CHALLENGE_LICENCE} Table: CC BY-NC-SA 4.0 (pyiqa).`,
      url: LIVE_CHALLENGE_URL,
      labelTransform: 'mos as published (0–100 rating scale); mosStd = std as published (same scale).',
    },
  },
  imageRootHint: LIVE_CHALLENGE_IMAGE_ROOT,
};
