import { readCsvRecords } from '@rankfall/datasets';
import { CliError } from '../cli-error';
import { SmaTargetsError } from './sma-targets-error';

/** A plain decimal (optionally signed, with a fraction and an exponent): no hex, octal, binary, Infinity or NaN. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export interface ScoreTable {
  keys: string[];
  scores: number[];
  /** The CSV line of each score (1-based, as the errors name it). */
  lines: number[];
}

/**
 * Reads one numeric column of a CSV with a header, keyed by the first column. Refuses, naming the file,
 * line and column: a non-decimal cell, a key seen before, a score outside `range`, fewer than 3 scores,
 * and a column whose scores are all equal (no ranking to attack).
 */
export async function readScoreColumn(path: string, column: string, options: { range?: readonly [number, number] } = {}): Promise<ScoreTable> {
  const table: ScoreTable = { keys: [], scores: [], lines: [] };
  const seen = new Map<string, number>();
  let index = -1;
  let header: string[] | null = null;
  for await (const record of readCsvRecords(path)) {
    if (!header) {
      header = record.fields.map((field) => field.trim());
      index = header.indexOf(column);
      if (index < 0) throw new CliError('INVALID_FLAG', `--column: ${path} has no column "${column}" (columns: ${header.join(', ')})`);
      continue;
    }
    if (record.fields.length === 1 && record.fields[0] === '') continue;
    const raw = record.fields[index]?.trim() ?? '';
    if (!DECIMAL.test(raw)) throw new SmaTargetsError('NOT_DECIMAL', `${path} line ${record.line}, column ${index + 1} ("${column}"): expected a decimal number, got "${raw}"`);
    const value = Number(raw);
    const key = record.fields[0] ?? String(table.keys.length);
    const previous = seen.get(key);
    if (previous !== undefined) throw new SmaTargetsError('DUPLICATE_KEY', `${path} line ${record.line}: key "${key}" is already on line ${previous}`);
    seen.set(key, record.line);
    if (options.range && (value < options.range[0] || value > options.range[1])) {
      throw new SmaTargetsError('SCORE_OUT_OF_RANGE', `${path} line ${record.line}: key "${key}": score ${raw} is outside [${options.range[0]}, ${options.range[1]}] (--score-min/--score-max)`);
    }
    table.keys.push(key);
    table.scores.push(value);
    table.lines.push(record.line);
  }
  if (table.scores.length < 3) throw new SmaTargetsError('TOO_FEW_SCORES', `${path}: ${table.scores.length} score(s) in column "${column}"; SMA needs at least 3`);
  if (table.scores.every((score) => score === table.scores[0])) {
    throw new SmaTargetsError('CONSTANT_SCORES', `${path}: all ${table.scores.length} scores in column "${column}" are ${table.scores[0]}: nothing to rank (hard SROCC undefined)`);
  }
  return table;
}
