import { csiqFormat } from './csiq.importer';
import { type DatasetFormat } from './dataset-format';
import { folderCsvFormat } from './folder-csv.importer';
import { kadid10kFormat } from './kadid10k.importer';
import { koniq10kPyiqaFormat } from './koniq10k-pyiqa.importer';
import { koniq10kFormat } from './koniq10k.importer';
import { liveChallengeSplitFormat } from './live-challenge-split.importer';
import { liveChallengeFormat } from './live-challenge.importer';
import { liveIqaFormat } from './live-iqa.importer';
import { pyiqaMetaInfoFormat } from './pyiqa-meta-info.importer';
import { spaqFormat } from './spaq.importer';
import { tid2013Format } from './tid2013.importer';

/**
 * Every MOS-table format, by id. An explicit map (no folder scanning); each entry's `id` must equal
 * its key (a type error otherwise), and an object literal cannot repeat a key.
 */
export const DATASET_FORMATS = {
  koniq10k: koniq10kFormat,
  'koniq10k-pyiqa': koniq10kPyiqaFormat,
  'live-challenge': liveChallengeFormat,
  'live-challenge-split': liveChallengeSplitFormat,
  kadid10k: kadid10kFormat,
  tid2013: tid2013Format,
  spaq: spaqFormat,
  csiq: csiqFormat,
  'live-iqa': liveIqaFormat,
  'pyiqa-meta-info': pyiqaMetaInfoFormat,
  'folder-csv': folderCsvFormat,
} as const satisfies { [Id in string]: DatasetFormat<Id> };

export type DatasetFormatId = keyof typeof DATASET_FORMATS;

export const DATASET_FORMAT_IDS = Object.keys(DATASET_FORMATS) as DatasetFormatId[];

export function isDatasetFormatId(id: string): id is DatasetFormatId {
  return Object.hasOwn(DATASET_FORMATS, id);
}
