import { z } from 'zod';
import { type DatasetFacts, type DatasetFormat } from './dataset-format';
import { imageKeyField, numberField, optionalStdField, splitField } from './table-fields';

/** Facts of KonIQ-10k shared by the official table and pyiqa's copy. */
export const KONIQ10K_FACTS: Omit<DatasetFacts, 'provenance'> = {
  name: 'KonIQ-10k',
  version: '1',
  mosRange: [0, 100],
  lowerBetter: false,
};

export const KONIQ10K_LICENCE =
  'KonIQ-10k database terms (research use; the images come from YFCC100M under Creative Commons licences). Check the terms before redistributing images or scores.';

export const KONIQ10K_URL = 'http://database.mmsp-kn.de/koniq-10k-database.html';

const row = z
  .object({
    image_name: imageKeyField(),
    MOS: numberField(),
    SD: optionalStdField(),
    set: splitField({ training: 'train', validation: 'val', test: 'test' }),
  })
  .transform((r) => ({ key: r.image_name, mos: r.MOS, mosStd: r.SD, split: r.set, reference: null }));

/** The official KonIQ-10k table `koniq10k_distributions_sets.csv` (github.com/subpic/koniq). */
export const koniq10kFormat: DatasetFormat<'koniq10k'> = {
  id: 'koniq10k',
  title: 'KonIQ-10k (official table)',
  tableFile: 'koniq10k_distributions_sets.csv',
  layouts: [
    {
      required: ['image_name', 'MOS', 'SD', 'set'],
      optional: ['c1', 'c2', 'c3', 'c4', 'c5', 'c_total'],
      allowExtra: false,
      keyColumn: 'image_name',
      scoreColumn: 'MOS',
      row,
    },
  ],
  facts: {
    ...KONIQ10K_FACTS,
    provenance: {
      source: 'KonIQ-10k (Hosu, Lin, Szirányi, Saupe, IEEE TIP 2020); table koniq10k_distributions_sets.csv from github.com/subpic/koniq (MIT)',
      licence: KONIQ10K_LICENCE,
      url: KONIQ10K_URL,
      labelTransform:
        'MOS as published (0–100 scale, equal to MOS_zscore of koniq10k_scores_and_distributions.csv); mosStd = SD as published, on the 1–5 rating scale (not rescaled); split from "set" (training/validation/test).',
    },
  },
  imageRootHint: 'the 1024×768 release folder (`1024x768/` from koniq10k_1024x768.zip) holding the `image_name` files',
};
