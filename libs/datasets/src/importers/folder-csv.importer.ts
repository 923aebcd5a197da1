import { z } from 'zod';
import { type DatasetFormat } from './dataset-format';
import { imageKeyField, numberField, optionalStdField, splitField } from './table-fields';

const optionalSplit = splitField({ train: 'train', val: 'val', test: 'test', '': null });

/**
 * A folder of images + a CSV `filename,mos[,std,split]` (split: train/val/test or empty; other columns
 * ignored). Scale and direction are not in the file: the caller gives `facts`. The synthetic dataset
 * is written in this form.
 */
export const folderCsvFormat: DatasetFormat<'folder-csv'> = {
  id: 'folder-csv',
  title: 'Generic folder + CSV (filename, mos[, std, split])',
  tableFile: 'any .csv',
  layouts: [
    {
      required: ['filename', 'mos'],
      optional: ['std', 'split'],
      allowExtra: true,
      keyColumn: 'filename',
      scoreColumn: 'mos',
      row: z
        .object({ filename: imageKeyField(), mos: numberField(), std: optionalStdField().optional(), split: optionalSplit.optional() })
        .transform((r) => ({ key: r.filename, mos: r.mos, mosStd: r.std ?? null, split: r.split ?? null, reference: null })),
    },
  ],
  facts: null,
  imageRootHint: 'the folder the filenames are relative to (sub-folders allowed, `/`-separated)',
};
