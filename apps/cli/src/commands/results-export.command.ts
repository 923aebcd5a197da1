import { writeFile } from 'node:fs/promises';
import { listRunResultsForExport } from '@rankfall/db';
import { resultsToCsv, resultsToObjects } from '@rankfall/runs';
import { z } from 'zod';
import { defineCommand } from '../command';
import { requireRun } from '../services/run-lookup.service';
import { withDatabase } from './run.command';

export const resultsExportCommand = defineCommand({
  name: 'results export',
  summary: "Export a run's per-image results (scores, target, ranks, L∞/PSNR/SSIM of the saved images) as CSV or JSON",
  usage: 'results export --run <id> [--format csv|json] [--out <file>] [--team slug]',
  details: ['--run <id>       the run id (rankfall run list)', '--format <fmt>   csv (default) or json (with the run and its config)', '--out <file>     write to a file instead of standard output'],
  options: { run: { type: 'string' }, format: { type: 'string', default: 'csv' }, out: { type: 'string' }, team: { type: 'string', default: 'demo' } },
  flags: z.object({ run: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a run id (rankfall run list)'), format: z.enum(['csv', 'json']), out: z.string().min(1).optional(), team: z.string().min(1) }),
  async run(flags, io) {
    return withDatabase(io, async (prisma) => {
      const { teamId, run } = await requireRun(prisma, flags.team, flags.run);
      const rows = await listRunResultsForExport(prisma, teamId, run.id);
      const text =
        flags.format === 'csv'
          ? resultsToCsv(rows)
          : `${JSON.stringify({ run: { id: run.id, name: run.name, attackId: run.attackId, status: run.status, config: run.config, seed: run.seed, model: run.model, dataset: run.dataset, createdAt: run.createdAt }, results: resultsToObjects(rows) }, null, 2)}\n`;
      if (flags.out) {
        await writeFile(flags.out, text);
        io.out(`Wrote ${rows.length} results of run ${run.id} to ${flags.out}`);
      } else {
        for (const line of text.replace(/\n$/, '').split('\n')) io.out(line);
      }
      return 0;
    });
  },
});
