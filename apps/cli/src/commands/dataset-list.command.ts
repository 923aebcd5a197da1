import { disconnectPrisma, getPrisma, listDatasets, resolveDatabase } from '@rankfall/db';
import { DATASET_FORMATS, type DatasetFormat } from '@rankfall/datasets';
import { z } from 'zod';
import { defineCommand } from '../command';
import { requireTeam } from '../services/dataset-import.service';
import { outputWidth, wrapText } from '../wrap-text';

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

/** One format as data (what `--json` prints). */
function formatFacts(format: DatasetFormat) {
  return {
    id: format.id,
    title: format.title,
    tableFile: format.tableFile,
    columns: format.layouts.map((l) => `${l.required.join(',')}${l.optional.length ? `[,${l.optional.join(',')}]` : ''}${l.allowExtra ? ',…' : ''}`),
    mosRange: format.facts ? ([format.facts.mosRange[0], format.facts.mosRange[1]] as [number, number]) : null,
    lowerBetter: format.facts ? format.facts.lowerBetter : null,
    licence: format.facts ? format.facts.provenance.licence : null,
    imageRoot: format.imageRootHint,
  };
}

export const datasetFormatsCommand = defineCommand({
  name: 'dataset formats',
  summary: 'Explain every supported MOS-table format: columns, scale, direction, terms',
  usage: 'dataset formats [--json] [--width N]',
  details: [
    '--json       every format as a JSON array (id, title, tableFile, columns, mosRange, lowerBetter, licence, imageRoot)',
    '--width N    wrap to N columns (default: the terminal width, else $COLUMNS, else 100)',
  ],
  options: { json: { type: 'boolean', default: false }, width: { type: 'string' } },
  flags: z.object({ json: z.boolean(), width: z.coerce.number().int().min(40).max(1000).optional() }),
  async run(flags, io) {
    const formats = (Object.values(DATASET_FORMATS) as DatasetFormat[]).map(formatFacts);
    if (flags.json) {
      io.out(JSON.stringify(formats, null, 2));
      return 0;
    }
    const width = outputWidth(flags.width, io.columns, io.env);
    const lines: string[] = [];
    const field = (label: string, text: string) => lines.push(...wrapText(text, width, `    ${label.padEnd(9)} `, ' '.repeat(14)));
    for (const format of formats) {
      if (lines.length > 0) lines.push('');
      lines.push(...wrapText(format.title, width, `${format.id}  `, '    '));
      field('table', format.tableFile);
      field('columns', format.columns.join('  or  '));
      field('scale', format.mosRange ? `MOS ${format.mosRange[0]}–${format.mosRange[1]}, ${format.lowerBetter ? 'lower = better (DMOS-like)' : 'higher = better'}` : 'given by --facts (mosRange, lowerBetter)');
      field('terms', format.licence ?? 'stated by the caller in --facts (provenance.licence)');
      field('images', format.imageRoot);
    }
    lines.push('', ...wrapText('Import one with: rankfall dataset import --format <id> --table <file.csv> --images <folder> (rankfall help dataset import).', width));
    for (const line of lines) io.out(line);
    return 0;
  },
});
