import { disconnectPrisma, getPrisma, resolveDatabase } from '@rankfall/db';
import { readFile } from 'node:fs/promises';
import { DATASET_FORMAT_IDS, DATASET_FORMATS, datasetFactsSchema, importDataset, type DatasetFactsInput, type DatasetFormatId } from '@rankfall/datasets';
import { CliError } from '../cli-error';
import { z } from 'zod';
import { defineCommand } from '../command';
import { artifactStore, datasetImportLimits, progressPrinter, requireTeam } from '../services/dataset-import.service';
import { storeVerifiedDataset } from '@rankfall/runs/stages';

export const datasetImportCommand = defineCommand({
  name: 'dataset import',
  summary: 'Import a MOS table and its images into a team (checksummed, all-or-nothing, idempotent)',
  usage: 'dataset import --format <id> --table <file.csv> --images <folder> [--facts <file.json>] [--name N] [--version V] [--team slug]',
  details: [
    `--format    one of: ${DATASET_FORMAT_IDS.join(', ')} (rankfall dataset formats explains each)`,
    '--table     the MOS table (CSV) as published',
    '--images    the folder the table\'s file names are relative to',
    '--name / --version   defaults come from the format; a re-import of the same content changes nothing',
    '--team      team slug (default: demo)',
    '--facts     generic formats (folder-csv, pyiqa-meta-info) only: JSON with name, version, mosRange [lo,hi],',
    '            lowerBetter, provenance {source, licence, url?, labelTransform?} (the synthetic generator\'s',
    '            manifest.json works as it is)',
    'Every row is validated and every image checked and checksummed before anything is written; any problem',
    'aborts the import with the file, line and field named, and nothing is stored.',
  ],
  options: {
    format: { type: 'string' },
    table: { type: 'string' },
    images: { type: 'string' },
    name: { type: 'string' },
    version: { type: 'string' },
    team: { type: 'string', default: 'demo' },
    facts: { type: 'string' },
  },
  flags: z.object({
    format: z.enum(DATASET_FORMAT_IDS as [string, ...string[]], { message: `expected one of ${DATASET_FORMAT_IDS.join(', ')}` }),
    table: z.string().min(1, 'required'),
    images: z.string().min(1, 'required'),
    name: z.string().min(1).optional(),
    version: z.string().min(1).optional(),
    team: z.string().min(1),
    facts: z.string().min(1).optional(),
  }),
  async run(flags, io) {
    io.out(`Reading ${flags.table} (${flags.format})…`);
    const facts = await readFacts(flags.format as DatasetFormatId, flags.facts);
    const manifest = await importDataset(flags.format, {
      ...(facts ? { facts } : {}),
      table: flags.table,
      imageRoot: flags.images,
      imagesRequired: true,
      ...(flags.name ? { name: flags.name } : {}),
      ...(flags.version ? { version: flags.version } : {}),
      onProgress: progressPrinter('checked', io.out),
      ...datasetImportLimits(io.env),
    });
    if (!manifest.imagesVerified) throw new Error('internal: images were not verified');
    const db = await resolveDatabase({ env: io.env });
    try {
      const prisma = getPrisma(db.url);
      const team = await requireTeam(prisma, flags.team);
      io.out(`Storing ${manifest.images.length} images and writing "${manifest.name}" (version ${manifest.version}) to team ${team.slug}…`);
      const outcome = await storeVerifiedDataset(prisma, manifest, { teamId: team.id, store: artifactStore(io.env), onWarning: io.err, onProgress: progressPrinter('stored', io.out) });
      io.out(
        outcome.status === 'created'
          ? `Imported ${outcome.imageCount} images as dataset ${outcome.datasetId} (MOS ${manifest.mosRange[0]}–${manifest.mosRange[1]}, ${manifest.lowerBetter ? 'lower is better' : 'higher is better'}).`
          : `Already imported with identical content (dataset ${outcome.datasetId}): nothing changed.`,
      );
    } finally {
      await disconnectPrisma();
      await db.close();
    }
    return 0;
  },
});

/** Facts for a generic format, from a JSON file validated with the facts schema (errors name the file and field). */
async function readFacts(format: DatasetFormatId, path: string | undefined): Promise<DatasetFactsInput | undefined> {
  const generic = DATASET_FORMATS[format].facts === null;
  if (!path) {
    if (generic) throw new CliError('INVALID_FLAG', `--facts: the ${format} format needs the dataset's facts (scale, direction, provenance) as a JSON file`);
    return undefined;
  }
  if (!generic) throw new CliError('INVALID_FLAG', `--facts: the ${format} format has fixed facts; drop --facts`);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new CliError('INVALID_FLAG', `--facts: cannot read ${path} as JSON (${(error as Error).message})`);
  }
  const parsed = datasetFactsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError('INVALID_FLAG', `--facts: ${path}: field "${issue?.path.join('.')}": ${issue?.message}`);
  }
  return parsed.data;
}
