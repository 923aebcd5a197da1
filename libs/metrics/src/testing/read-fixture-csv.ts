import { readFileSync } from 'node:fs';
import { fixturePath } from '@rankfall/testing';

/**
 * Reads a numeric CSV fixture (header row, comma-separated numbers) from the shared fixtures folder into
 * one array per column. `Number()` parses Python `repr()` floats to the identical doubles. Specs only.
 */
export function readFixtureCsv(name: string): Record<string, number[]> {
  const [header, ...rows] = readFileSync(fixturePath(name), 'utf8').trim().split(/\r?\n/);
  const names = (header ?? '').split(',');
  const columns: Record<string, number[]> = Object.fromEntries(names.map((column) => [column, []]));
  for (const row of rows) {
    const cells = row.split(',');
    if (cells.length !== names.length) throw new Error(`${name}: row "${row}" has ${cells.length} cells, expected ${names.length}`);
    names.forEach((column, k) => {
      const value = Number(cells[k]);
      if (!Number.isFinite(value)) throw new Error(`${name}: cell "${cells[k]}" in column ${column} is not a number`);
      (columns[column] as number[]).push(value);
    });
  }
  return columns;
}

/** A column that must exist. */
export function column(columns: Record<string, number[]>, name: string): number[] {
  const values = columns[name];
  if (!values) throw new Error(`fixture has no column ${name}; columns: ${Object.keys(columns).join(', ')}`);
  return values;
}

/** Parsed `metrics-expected.json`, keyed by its section names. */
export function readExpectedMetrics(): Record<string, Record<string, number>> {
  return JSON.parse(readFileSync(fixturePath('metrics-expected.json'), 'utf8')) as Record<string, Record<string, number>>;
}
