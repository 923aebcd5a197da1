import { disconnectPrisma, getPrisma, listDatasets, resolveDatabase } from '@rankfall/db';
import { renderDatasetFormatsTable } from '@rankfall/datasets';
import { z } from 'zod';
import { defineCommand } from '../command';
import { requireTeam } from '../services/dataset-import.service';

export const datasetListCommand = defineCommand({
  name: 'dataset list',
  summary: 'List the datasets of a team',
  usage: 'dataset list [--team slug]',
  details: ['--team   team slug (default: demo)'],
  options: { team: { type: 'string', default: 'demo' } },
  flags: z.object({ team: z.string().min(1) }),
  async run(flags, io) {
    const db = await resolveDatabase({ env: io.env });
    try {
      const prisma = getPrisma(db.url);
      const team = await requireTeam(prisma, flags.team);
      const datasets = await listDatasets(prisma, team.id);
      if (datasets.length === 0) io.out(`Team ${team.slug} has no datasets yet (rankfall dataset import …).`);
      for (const d of datasets) {
        io.out(`${d.name} (version ${d.version})  ${d.imageCount} images  ${d.format}  MOS ${d.mosMin}–${d.mosMax} (${d.lowerBetter ? 'lower' : 'higher'} is better)  ${d.id}`);
      }
    } finally {
      await disconnectPrisma();
      await db.close();
    }
    return 0;
  },
});

export const datasetFormatsCommand = defineCommand({
  name: 'dataset formats',
  summary: 'Explain every supported MOS-table format: columns, scale, direction, terms',
  usage: 'dataset formats',
  details: [],
  options: {},
  flags: z.object({}),
  async run(_flags, io) {
    io.out(renderDatasetFormatsTable());
    return 0;
  },
});
