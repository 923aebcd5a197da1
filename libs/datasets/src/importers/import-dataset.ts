import { type DatasetFormat } from './dataset-format';
import { DATASET_FORMAT_IDS, DATASET_FORMATS, isDatasetFormatId } from './dataset-formats';
import { DatasetImportError } from './dataset-import-error';
import { type DatasetManifest } from './dataset-manifest';
import { importTable, type ImportDatasetOptions } from './import-table';

/**
 * Imports a MOS table in one of the registered formats (by id, e.g. `'koniq10k'`, or a format
 * object) into a `DatasetManifest`. See `importTable` for the checks; nothing is written anywhere.
 */
export async function importDataset(format: string | DatasetFormat, options: ImportDatasetOptions): Promise<DatasetManifest> {
  if (typeof format !== 'string') return importTable(format, options);
  if (!isDatasetFormatId(format)) {
    throw new DatasetImportError('UNKNOWN_FORMAT', format, `Unknown dataset format "${format}" (known: ${DATASET_FORMAT_IDS.join(', ')})`);
  }
  return importTable(DATASET_FORMATS[format], options);
}
