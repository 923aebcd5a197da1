import { expect } from 'vitest';
import { type DatasetManifest } from '../importers/dataset-manifest';
import { naiveCsvRows } from './temp-dataset';

export interface TableColumns {
  key: number;
  mos: number;
  std?: number;
  reference?: number;
}

/**
 * Checks every image of a manifest against the table read the naive way (split on commas): same
 * order, keys, scores (`Number` of the text), std and reference. Independent of the streaming parser.
 */
export function expectManifestMatchesTable(manifest: DatasetManifest, table: string, columns: TableColumns): void {
  const rows = naiveCsvRows(table).slice(1);
  const expected = rows.map(([, f]) => [
    f[columns.key],
    Number(f[columns.mos]),
    columns.std === undefined ? null : Number(f[columns.std]),
    columns.reference === undefined ? null : f[columns.reference],
  ]);
  const actual = manifest.images.map((i) => [i.key, i.mos, i.mosStd, i.reference]);
  expect(actual.length).toBe(expected.length);
  expect(actual).toEqual(expected);
}

/** Smallest and largest MOS of a manifest. */
export function mosExtent(manifest: DatasetManifest): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const { mos } of manifest.images) {
    lo = Math.min(lo, mos);
    hi = Math.max(hi, mos);
  }
  return [lo, hi];
}
