import { z } from 'zod';
import { type DatasetFormat } from './dataset-format';
import { KONIQ10K_FACTS, KONIQ10K_LICENCE, KONIQ10K_URL } from './koniq10k.importer';
import { PYIQA_META_INFO_SOURCE } from './pyiqa-layouts';
import { imageKeyField, numberField, optionalStdField, splitField } from './table-fields';

const row = z
  .object({
    img_name: imageKeyField(),
    mos: numberField(),
    std: optionalStdField(),
    // 0/1/2 = the official training/validation/test sets (checked row by row against the official table).
    split: splitField({ '0': 'train', '1': 'val', '2': 'test' }),
  })
  .transform((r) => ({ key: r.img_name, mos: r.mos, mosStd: r.std, split: r.split, reference: null }));

/** pyiqa's `meta_info_KonIQ10kDataset.csv`: the official MOS/SD with the split coded 0/1/2. */
export const koniq10kPyiqaFormat: DatasetFormat<'koniq10k-pyiqa'> = {
  id: 'koniq10k-pyiqa',
  title: 'KonIQ-10k (pyiqa meta_info)',
  tableFile: 'meta_info_KonIQ10kDataset.csv',
  layouts: [
    {
      required: ['img_name', 'mos', 'std', 'split'],
      optional: ['c1', 'c2', 'c3', 'c4', 'c5', 'c_total'],
      allowExtra: false,
      keyColumn: 'img_name',
      scoreColumn: 'mos',
      row,
    },
  ],
  facts: {
    ...KONIQ10K_FACTS,
    provenance: {
      source: `KonIQ-10k (Hosu, Lin, Szirányi, Saupe, IEEE TIP 2020); ${PYIQA_META_INFO_SOURCE}`,
      licence: `${KONIQ10K_LICENCE} Table: CC BY-NC-SA 4.0 (pyiqa).`,
      url: KONIQ10K_URL,
      labelTransform:
        'mos as published (0–100, identical to the official MOS); mosStd = std as published, on the 1–5 rating scale (not rescaled); split 0/1/2 = train/val/test.',
    },
  },
  imageRootHint: 'the 1024×768 release folder (`1024x768/`), as for `koniq10k`',
};
