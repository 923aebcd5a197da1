import { readCsvRecords } from '@rankfall/datasets';
import { CliError } from '../cli-error';

/** Reads one numeric column of a CSV with a header; errors name the file, line and column. */
export async function readScoreColumn(path: string, column: string): Promise<{ keys: string[]; scores: number[] }> {
  const keys: string[] = [];
  const scores: number[] = [];
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
    const value = Number(raw);
    if (raw === '' || !Number.isFinite(value)) throw new CliError('FAILED', `${path} line ${record.line}: column "${column}": expected a finite number, got "${raw}"`);
    keys.push(record.fields[0] ?? String(keys.length));
    scores.push(value);
  }
  if (scores.length < 3) throw new CliError('FAILED', `${path}: ${scores.length} score(s) in column "${column}"; SMA needs at least 3`);
  return { keys, scores };
}
