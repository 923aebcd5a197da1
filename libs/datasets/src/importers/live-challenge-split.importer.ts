import { z } from 'zod';
import { type DatasetFormat } from './dataset-format';
import {
  LIVE_CHALLENGE_FACTS,
  LIVE_CHALLENGE_IMAGE_ROOT,
  LIVE_CHALLENGE_LICENCE,
  LIVE_CHALLENGE_SOURCE,
  LIVE_CHALLENGE_URL,
} from './live-challenge.importer';
import { imageKeyField, numberField } from './table-fields';

const row = z
  .object({ filename: imageKeyField(), mos: numberField() })
  .transform((r) => ({ key: r.filename, mos: r.mos, mosStd: null, split: null, reference: null }));

/**
 * A CLIVE split file of the SMA code (YangiD/SMA `splitfiles/livec-*.csv`): `filename,mos`, raw MOS.
 * The file is one split: pass `defaultSplit` (e.g. `test` for livec-test.csv).
 */
export const liveChallengeSplitFormat: DatasetFormat<'live-challenge-split'> = {
  id: 'live-challenge-split',
  title: 'LIVE Challenge / CLIVE split file (SMA splitfiles)',
  tableFile: 'livec-test.csv',
  layouts: [{ required: ['filename', 'mos'], optional: [], allowExtra: false, keyColumn: 'filename', scoreColumn: 'mos', row }],
  facts: {
    ...LIVE_CHALLENGE_FACTS,
    provenance: {
      source: `${LIVE_CHALLENGE_SOURCE}; split file from github.com/YangiD/SMA splitfiles/ (no licence declared for it)`,
      licence: LIVE_CHALLENGE_LICENCE,
      url: LIVE_CHALLENGE_URL,
      labelTransform: 'mos as published (raw 0–100 CLIVE MOS, not the min-max normalised values SMA trains on); no std.',
    },
  },
  imageRootHint: LIVE_CHALLENGE_IMAGE_ROOT,
};
