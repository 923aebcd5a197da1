import type { CatalogEntry, ReportedPerformance } from '@rankfall/iqa-models';

/**
 * The catalog's published number for a dataset, matched by the dataset's importer format (a fact of the dataset,
 * `Dataset.format`), never by its name: the first entry listing that format, or null when nothing citable exists.
 */
export function reportedFor(entry: Pick<CatalogEntry, 'reported'>, datasetFormat: string): ReportedPerformance | null {
  return entry.reported?.find((reported) => reported.datasetFormats.includes(datasetFormat)) ?? null;
}
