import { type z } from 'zod';
import { type DatasetSplit } from './dataset-manifest';

/** One row of a MOS table, after validation. */
export interface TableRow {
  readonly key: string;
  readonly mos: number;
  readonly mosStd: number | null;
  readonly split: DatasetSplit | null;
  readonly reference: string | null;
}

/**
 * A header a format accepts and how to read its rows. Rows reach `row` as an object keyed by the
 * header names; zod issues name the column (`path[0]`), which the errors quote.
 */
export interface TableLayout {
  readonly required: readonly string[];
  readonly optional: readonly string[];
  /** Whether other columns may be present (they are ignored). */
  readonly allowExtra: boolean;
  /** The column holding the key (named in duplicate-key errors). */
  readonly keyColumn: string;
  /** The column holding the score (named in range errors). */
  readonly scoreColumn: string;
  readonly row: z.ZodType<TableRow>;
}

/** What is wrong with a header for one layout; null when it fits. */
export function headerMismatch(header: readonly string[], layout: TableLayout): string | null {
  const problems: string[] = [];
  const known = new Set([...layout.required, ...layout.optional]);
  const missing = layout.required.filter((c) => !header.includes(c));
  if (missing.length) problems.push(`missing ${missing.map((c) => JSON.stringify(c)).join(', ')}`);
  const repeated = [...known].filter((c) => header.filter((h) => h === c).length > 1);
  if (repeated.length) problems.push(`repeated ${repeated.map((c) => JSON.stringify(c)).join(', ')}`);
  if (!layout.allowExtra) {
    const extra = header.filter((h) => !known.has(h));
    if (extra.length) problems.push(`unexpected ${extra.map((c) => JSON.stringify(c)).join(', ')}`);
  }
  return problems.length ? problems.join('; ') : null;
}

/** Human description of a layout's columns: `ref_name,dist_name,dmos[,std]` (`,…` when extras are allowed). */
export function describeLayout(layout: TableLayout): string {
  const optional = layout.optional.length ? `[,${layout.optional.join(',')}]` : '';
  return `${layout.required.join(',')}${optional}${layout.allowExtra ? ',…' : ''}`;
}
