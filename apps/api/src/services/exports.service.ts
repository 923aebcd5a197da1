import { listRunResultsForExport, type PrismaClient } from '@rankfall/db';
import type { RunsService } from './runs.service';

type ExportRow = Awaited<ReturnType<typeof listRunResultsForExport>>[number];

const COLUMNS: Array<[string, (row: ExportRow) => string | number | null]> = [
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

/** Exports of a run's per-image results (VIEWER+ of the run's team), in image key order. */
export class ExportsService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly runs: RunsService,
  ) {}

  async csv(runId: string): Promise<string> {
    const rows = await this.rows(runId);
    const lines = [COLUMNS.map(([name]) => name).join(','), ...rows.map((row) => COLUMNS.map(([, get]) => csvCell(get(row))).join(','))];
    return `${lines.join('\n')}\n`;
  }

  async json(runId: string): Promise<unknown> {
    const run = await this.runs.run(runId);
    const rows = await listRunResultsForExport(this.prisma, run.teamId, run.id);
    return {
      run: { id: run.id, name: run.name, attackId: run.attackId, status: run.status, config: run.config, seed: run.seed, modelId: run.modelId, datasetId: run.datasetId, createdAt: run.createdAt },
      results: rows.map((row) => Object.fromEntries(COLUMNS.map(([name, get]) => [name, get(row)]))),
    };
  }

  private async rows(runId: string): Promise<ExportRow[]> {
    const run = await this.runs.run(runId);
    return listRunResultsForExport(this.prisma, run.teamId, run.id);
  }
}
