import type { listRunResultsForExport } from '@rankfall/db';

/** One exported row: a run's image result with its image (libs/db listRunResultsForExport). */
export type ExportRow = Awaited<ReturnType<typeof listRunResultsForExport>>[number];

export const RESULT_EXPORT_COLUMNS: Array<[string, (row: ExportRow) => string | number | null]> = [
  ['image_id', (row) => row.imageId],
  ['image_key', (row) => row.image.key],
  ['split', (row) => row.image.split],
  ['mos', (row) => row.image.mos],
  ['mos_std', (row) => row.image.mosStd],
  ['clean_score', (row) => row.cleanScore],
  ['target_score', (row) => row.targetScore],
  ['attacked_score_float', (row) => row.attackedScoreFloat],
  ['attacked_score', (row) => row.attackedScore],
  ['score_change', (row) => (row.attackedScore !== null && row.cleanScore !== null ? row.attackedScore - row.cleanScore : null)],
  ['clean_rank', (row) => row.cleanRank],
  ['attacked_rank', (row) => row.attackedRank],
  ['linf', (row) => row.linf],
  ['l2', (row) => row.l2],
  ['psnr', (row) => row.psnr],
  ['ssim', (row) => row.ssim],
  ['duration_ms', (row) => row.durationMs],
  ['perturbed_at', (row) => row.perturbedAt?.toISOString() ?? null],
];

/** A CSV cell: quoted when needed, and text that a spreadsheet would run as a formula is defused. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}


/** A run's per-image results as CSV (header + one line per image, key order). */
export function resultsToCsv(rows: readonly ExportRow[]): string {
  const lines = [RESULT_EXPORT_COLUMNS.map(([name]) => name).join(','), ...rows.map((row) => RESULT_EXPORT_COLUMNS.map(([, get]) => csvCell(get(row))).join(','))];
  return `${lines.join('\n')}\n`;
}

/** A run's per-image results as JSON objects with the CSV's column names. */
export function resultsToObjects(rows: readonly ExportRow[]): Array<Record<string, string | number | null>> {
  return rows.map((row) => Object.fromEntries(RESULT_EXPORT_COLUMNS.map(([name, get]) => [name, get(row)])));
}
