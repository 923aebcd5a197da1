import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DATASET_FORMAT_IDS, locateArchiveDataset, withExtractedArchive } from '@rankfall/datasets';
import { z } from 'zod';
import { CliError } from '../cli-error';
import { defineCommand } from '../command';
import { datasetImportCommand } from './dataset-import.command';

/**
 * `rankfall dataset upload`: the zip archive the dashboard and POST /uploads/datasets take, imported from this
 * machine. Like every dataset command the CLI talks to the database and artifact store directly: the archive is
 * extracted by the same bomb-safe extractor the worker uses (libs/datasets/src/archive) into a private temporary
 * folder, imported exactly as `rankfall dataset import` does, and the folder is always removed.
 */
export const datasetUploadCommand = defineCommand({
  name: 'dataset upload',
  summary: 'Import a dataset from one zip archive (MOS table + images; bomb-safe extraction, all-or-nothing)',
  usage: 'dataset upload --archive <file.zip> --format <id> [--table <path in zip>] [--images <folder in zip>] [--facts <file.json>] [--name N] [--version V] [--team slug]',
  details: [
    '--archive   the zip archive (the same file POST /uploads/datasets takes)',
    `--format    one of: ${DATASET_FORMAT_IDS.join(', ')} (rankfall dataset formats explains each)`,
    '--table     the MOS table inside the archive (default: its one .csv file; dot-files and __MACOSX/ ignored)',
    '--images    the folder inside the archive the table\'s file names are relative to (. = the archive root;',
    '            default: the "images" folder beside the table if there is one, else the table\'s folder)',
    '--facts     generic formats only: JSON file (on this machine) with the dataset\'s facts, as for dataset import',
    '--name / --version   defaults come from the format; a re-import of the same content changes nothing',
    '--team      team slug (default: demo)',
    'The archive is refused, naming the entry, for: path traversal (.., absolute, drive letters, backslashes),',
    'symlinks and other non-regular entries, duplicate names, encryption, methods other than stored/deflate,',
    'zip64, CRC or size mismatches, more than 100 000 entries, a file over 256 MiB, over 16 GiB in all, or a',
    'compression ratio over 200:1; nothing is imported then.',
  ],
  options: {
    archive: { type: 'string' },
    format: { type: 'string' },
    table: { type: 'string' },
    images: { type: 'string' },
    facts: { type: 'string' },
    name: { type: 'string' },
    version: { type: 'string' },
    team: { type: 'string', default: 'demo' },
  },
  flags: z.object({
    archive: z.string().min(1, 'required'),
    format: z.enum(DATASET_FORMAT_IDS as [string, ...string[]], { message: `expected one of ${DATASET_FORMAT_IDS.join(', ')}` }),
    table: z.string().min(1).optional(),
    images: z.string().min(1).optional(),
    facts: z.string().min(1).optional(),
    name: z.string().min(1).optional(),
    version: z.string().min(1).optional(),
    team: z.string().min(1),
  }),
  async run(flags, io) {
    const info = await stat(flags.archive).catch(() => null);
    if (!info?.isFile()) throw new CliError('INVALID_FLAG', `--archive: ${flags.archive} is not a file`);
    io.out(`Extracting ${flags.archive} (${info.size} bytes)…`);
    return withExtractedArchive(flags.archive, {}, async (archive) => {
      const layout = locateArchiveDataset(archive, { table: flags.table, images: flags.images });
      io.out(`Table ${layout.table}, images in ${layout.images === '' ? 'the archive root' : `${layout.images}/`} (${archive.files.length} files).`);
      return datasetImportCommand.run(
        {
          format: flags.format,
          table: join(archive.dir, ...layout.table.split('/')),
          images: join(archive.dir, ...layout.images.split('/').filter(Boolean)),
          team: flags.team,
          ...(flags.facts ? { facts: flags.facts } : {}),
          ...(flags.name ? { name: flags.name } : {}),
          ...(flags.version ? { version: flags.version } : {}),
        },
        io,
      );
    });
  },
});
