import { findTeamModelsByName, type PrismaClient, type TransferResultRow } from '@rankfall/db';
import { requestTransfers, runTransfers, transferMatrix, type TransferMatrix } from '@rankfall/runs';
import { z } from 'zod';
import { CliError } from '../cli-error';
import { defineCommand, type CliIo } from '../command';
import { requireTeam } from '../services/dataset-import.service';
import { requireRun } from '../services/run-lookup.service';
import { ensureWorker } from '../services/worker-child.service';
import { engineError, withDatabase } from './run.command';

const runId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a run id (rankfall run list)');
const list = (what: string) =>
  z
    .string()
    .transform((text) => text.split(',').map((item) => item.trim()).filter(Boolean))
    .refine((items) => items.length > 0 && items.length <= 100, `must list 1 to 100 ${what}, separated by commas`);

const fixed = (value: number | null) => (value === null ? '–' : value.toFixed(3));

/** The matrix as text: one line per run (source model), one column per target model; a cell is the SROCC drop. */
export function matrixLines(matrix: TransferMatrix): string[] {
  if (matrix.rows.length === 0) return ['No transfers yet: rankfall run transfer --run <id>'];
  const width = Math.max(14, ...matrix.columns.map((column) => column.name.length + 2));
  const label = (row: TransferMatrix['rows'][number]) => `${row.runId} ${row.attackId} on ${row.sourceModelName}`;
  const first = Math.max(24, ...matrix.rows.map((row) => label(row).length + 2));
  const lines = [`${'run (source model) \\ target'.padEnd(first)}${matrix.columns.map((column) => column.name.padStart(width)).join('')}`];
  for (const row of matrix.rows) {
    const cells = matrix.columns.map((column) => {
      const cell = matrix.cells.find((c) => c.runId === row.runId && c.targetModelId === column.id);
      const text = !cell ? '' : cell.status === 'SUCCEEDED' ? `${fixed(cell.cleanSrocc)}→${fixed(cell.srocc)}` : cell.status.toLowerCase();
      return text.padStart(width);
    });
    lines.push(`${label(row).padEnd(first)}${cells.join('')}`);
  }
  lines.push('Cells: SROCC(MOS, target clean score) → SROCC(MOS, target score of the run’s adversarial PNGs), raw; the drop is their difference, oriented so that positive = the ranking got worse.');
  for (const cell of matrix.cells.filter((c) => c.status === 'SUCCEEDED')) {
    const column = matrix.columns.find((c) => c.id === cell.targetModelId);
    lines.push(`  ${cell.runId} → ${column?.name ?? cell.targetModelId}: SROCC drop ${fixed(cell.sroccDrop)}, clean↔attacked SROCC ${fixed(cell.cleanToAttackedSrocc)}, mean |Δ| ${fixed(cell.meanAbsDelta)}, n ${cell.n}`);
  }
  return lines;
}

async function waitForTransfers(prisma: PrismaClient, teamId: string, run: string, ids: readonly string[], io: CliIo): Promise<TransferResultRow[]> {
  let stopped = false;
  void io.untilStopped().then(() => (stopped = true));
  for (;;) {
    const rows = (await runTransfers(prisma, teamId, run)).filter((row) => ids.includes(row.id));
    if (stopped || rows.every((row) => row.status === 'SUCCEEDED' || row.status === 'FAILED' || row.status === 'CANCELLED')) return rows;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export const runTransferCommand = defineCommand({
  name: 'run transfer',
  summary: 'Re-score a succeeded run’s adversarial PNGs with other models of the team (transfer attack), one job per target model',
  usage: 'run transfer --run <id> [--models a,b] [--team slug] [--detach]',
  details: [
    '--run <id>       a succeeded run of the team (rankfall run list)',
    '--models <names> target models, by name, comma-separated (default: every model of the team but the run’s own)',
    '--detach         only queue the jobs; by default wait for them, starting a worker when none runs',
    'A (run, model) pair already transferred is shown, not recomputed; a failed one is queued again.',
  ],
  options: { run: { type: 'string' }, models: { type: 'string' }, team: { type: 'string', default: 'demo' }, detach: { type: 'boolean', default: false } },
  flags: z.object({ run: runId, models: list('model names').optional(), team: z.string().min(1), detach: z.boolean() }),
  async run(flags, io) {
    return withDatabase(io, async (prisma, db) => {
      const { teamId, run } = await requireRun(prisma, flags.team, flags.run);
      let targetModelIds: string[] | null = null;
      if (flags.models) {
        const found = await findTeamModelsByName(prisma, teamId, flags.models);
        const missing = flags.models.filter((name) => !found.some((model) => model.name === name));
        if (missing.length) throw new CliError('INVALID_FLAG', `--models: no model named ${missing.map((name) => `"${name}"`).join(', ')} in team ${flags.team} (rankfall model list --team ${flags.team})`);
        targetModelIds = flags.models.map((name) => found.find((model) => model.name === name)!.id);
      }
      const outcomes = await requestTransfers(prisma, { teamId, createdById: run.createdById ?? null, runId: run.id, targetModelIds }).catch(engineError);
      for (const outcome of outcomes) io.out(`${outcome.status === 'queued' ? 'Queued' : 'Found'} transfer ${outcome.transfer.id} (${outcome.transfer.status.toLowerCase()}) to model ${outcome.transfer.targetModel.name}`);
      const pending = outcomes.filter((o) => o.transfer.status === 'QUEUED' || o.transfer.status === 'RUNNING');
      if (pending.length && flags.detach) return 0;
      if (pending.length) {
        const worker = await ensureWorker(prisma, { databaseUrl: db.url, env: io.env, out: io.out });
        try {
          const rows = await waitForTransfers(prisma, teamId, run.id, outcomes.map((o) => o.transfer.id), io);
          if (rows.some((row) => row.status === 'QUEUED' || row.status === 'RUNNING')) {
            io.out('Stopped waiting; the transfers go on when a worker runs (rankfall worker).');
            return 130;
          }
        } finally {
          await worker?.stop();
        }
      }
      for (const line of matrixLines(await transferMatrix(prisma, teamId, [run.id]))) io.out(line);
      const failed = (await runTransfers(prisma, teamId, run.id)).filter((row) => row.status === 'FAILED' && outcomes.some((o) => o.transfer.id === row.id));
      for (const row of failed) io.err(`rankfall: transfer ${row.id} failed: ${row.errorMessage ?? ''} [${row.errorCode ?? 'UNKNOWN'}]`);
      return failed.length ? 1 : 0;
    });
  },
});

export const transferMatrixCommand = defineCommand({
  name: 'transfer matrix',
  summary: 'Print the model × model transfer matrix of a team’s runs (SROCC before → after, per target model)',
  usage: 'transfer matrix [--team slug] [--runs id,id]',
  details: ['--runs <ids>  runs to show, comma-separated (default: the 50 newest runs with transfers)'],
  options: { team: { type: 'string', default: 'demo' }, runs: { type: 'string' } },
  flags: z.object({ team: z.string().min(1), runs: list('run ids').pipe(z.array(runId)).optional() }),
  async run(flags, io) {
    return withDatabase(io, async (prisma) => {
      const team = await requireTeam(prisma, flags.team);
      const matrix = await transferMatrix(prisma, team.id, flags.runs ?? null).catch(engineError);
      const missing = (flags.runs ?? []).filter((id) => !matrix.rows.some((row) => row.runId === id));
      if (missing.length) throw new CliError('FAILED', `No run ${missing.join(', ')} in team ${team.slug} (rankfall run list --team ${team.slug})`);
      for (const line of matrixLines(matrix)) io.out(line);
      return 0;
    });
  },
});
