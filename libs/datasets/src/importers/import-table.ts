import { realpath, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { z } from 'zod';
import { ImageIoError, type ImageIoErrorCode } from '../image-io/image-io-error';
import { inspectImage } from '../image-io/inspect-image';
import { sha256Bytes } from '../image-io/sha256-file';
import { readCsvRecords } from './csv-reader';
import { datasetFactsSchema, type DatasetFacts, type DatasetFactsInput, type DatasetFormat } from './dataset-format';
import { DatasetImportError, type DatasetProblem, type DatasetProblemCode } from './dataset-import-error';
import { datasetSplitSchema, type DatasetManifest, type DatasetSplit, type VerifiedDatasetImage } from './dataset-manifest';
import { mapWithConcurrency } from './map-with-concurrency';
import { DEFAULT_MAX_IMAGE_BYTES, readFileInRoot } from './read-file-in-root';
import { describeLayout, headerMismatch, type TableLayout, type TableRow } from './table-layout';

/**
 * Default most data rows per MOS table: 50 000, about 4.5× the largest real dataset the formats cover
 * (KonIQ-10k 10 073, KADID-10k 10 125, SPAQ 11 125 rows). The rows and then the images of a table are
 * checked in memory, then written in one transaction: measured on 2 cores, 50 000 tiny images import in
 * about 60 s and 0.7 GB, while 200 000 took 150 s and 1.6 GB. Raise it per import with `maxRows`.
 */
export const DEFAULT_MAX_TABLE_ROWS = 50_000;

export interface ImportDatasetOptions {
  /** The MOS table (CSV). */
  table: string;
  /** The folder the table's image names are relative to. Required unless `imagesRequired` is false. */
  imageRoot?: string;
  /**
   * Default true: every image must be a regular file inside the image root (no symbolic link out of
   * it), decode completely (`inspectImage`: truncated files and bad CRCs fail) and is checksummed.
   * False: the table alone is read (quick looks, tests on the big tables); the manifest then has
   * `imagesVerified: false` and no sha256 / size.
   */
  imagesRequired?: boolean;
  /** Facts for generic formats (`pyiqa-meta-info`, `folder-csv`); refused for named formats. */
  facts?: DatasetFactsInput;
  /** Override the format's dataset name / version. */
  name?: string;
  version?: string;
  /** Split for rows whose table has none (e.g. `test` for an SMA `livec-test.csv`). */
  defaultSplit?: DatasetSplit;
  /** Read only the first `limit` data rows. */
  limit?: number;
  /** Images checked at once (default 4). */
  concurrency?: number;
  /** Problems listed in the error (default 20; all are counted). */
  maxProblems?: number;
  /** Pixel limit per image (default 40 MP). */
  maxPixels?: number;
  /** Byte limit per image file (default `DEFAULT_MAX_IMAGE_BYTES`, 256 MiB). */
  maxImageBytes?: number;
  /**
   * Most data rows a table may have (default `DEFAULT_MAX_TABLE_ROWS`, 50 000); a longer table is
   * refused (`TABLE_TOO_LARGE`) as soon as the reader passes the limit, before any image is read.
   */
  maxRows?: number;
  /** Called after each image is checked (or once with (n, n) when images are not required). */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

const optionsSchema = z.object({
  table: z.string().min(1),
  imageRoot: z.string().min(1).optional(),
  imagesRequired: z.boolean().default(true),
  name: z.string().min(1).optional(),
  version: z.string().min(1).optional(),
  defaultSplit: datasetSplitSchema.optional(),
  limit: z.number().int().positive().optional(),
  concurrency: z.number().int().min(1).max(64).default(4),
  maxProblems: z.number().int().min(1).default(20),
  maxPixels: z.number().positive().optional(),
  maxImageBytes: z.number().int().positive().default(DEFAULT_MAX_IMAGE_BYTES),
  maxRows: z.number().int().positive().default(DEFAULT_MAX_TABLE_ROWS),
});

interface ParsedRow {
  readonly line: number;
  readonly row: TableRow;
}

/** Keeps the first `max` problems and counts all of them. */
class ProblemList {
  readonly kept: DatasetProblem[] = [];
  count = 0;
  constructor(private readonly max: number) {}
  add(problem: DatasetProblem): void {
    this.count += 1;
    if (this.kept.length < this.max) this.kept.push(problem);
  }
}

const IMAGE_PROBLEM_CODES: Record<ImageIoErrorCode, DatasetProblemCode> = {
  TOO_LARGE: 'IMAGE_TOO_LARGE',
  UNSUPPORTED_FORMAT: 'IMAGE_UNSUPPORTED',
  CORRUPT_IMAGE: 'IMAGE_CORRUPT',
  INVALID_IMAGE: 'IMAGE_CORRUPT',
  FILE_UNREADABLE: 'IMAGE_UNREADABLE',
};

function invalidOptions(format: DatasetFormat, message: string): DatasetImportError {
  return new DatasetImportError('INVALID_OPTIONS', format.id, `Import of ${format.id}: ${message}`);
}

function resolveFacts(format: DatasetFormat, options: ImportDatasetOptions): DatasetFacts {
  if (format.facts && options.facts) {
    throw invalidOptions(format, `the format has fixed facts (scale, direction, provenance); use name/version to rename`);
  }
  const base = format.facts ?? parseFacts(format, options.facts);
  return { ...base, name: options.name ?? base.name, version: options.version ?? base.version };
}

function parseFacts(format: DatasetFormat, facts: DatasetFactsInput | undefined): DatasetFacts {
  if (!facts) {
    throw invalidOptions(format, 'a generic format needs `facts` (name, mosRange, lowerBetter, provenance)');
  }
  const parsed = datasetFactsSchema.safeParse(facts);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'facts'}: ${i.message}`).join('; ');
    throw invalidOptions(format, `invalid facts: ${issues}`);
  }
  return parsed.data;
}

async function requireDirectory(format: DatasetFormat, imageRoot: string): Promise<void> {
  const info = await stat(imageRoot).catch(() => null);
  if (!info?.isDirectory()) {
    throw new DatasetImportError('IMAGE_ROOT_NOT_FOUND', imageRoot, `Import of ${format.id}: image root ${imageRoot} is not a directory`);
  }
}

function pickLayout(format: DatasetFormat, header: readonly string[], table: string): TableLayout {
  const mismatches: string[] = [];
  for (const layout of format.layouts) {
    const mismatch = headerMismatch(header, layout);
    if (mismatch === null) return layout;
    mismatches.push(`${describeLayout(layout)} (${mismatch})`);
  }
  const expected = mismatches.length === 1 ? `expected ${mismatches[0]}` : `expected one of: ${mismatches.join(' | ')}`;
  throw new DatasetImportError(
    'WRONG_COLUMNS',
    table,
    `${basename(table)} line 1: wrong columns for ${format.id}: ${expected}; found ${header.join(',')}`,
  );
}

interface TableReadResult {
  readonly layout: TableLayout;
  readonly rows: ParsedRow[];
}

async function readTable(
  format: DatasetFormat,
  facts: DatasetFacts,
  table: string,
  limit: number | undefined,
  maxRows: number,
  problems: ProblemList,
  signal: AbortSignal | undefined,
): Promise<TableReadResult | null> {
  const file = basename(table);
  const [lo, hi] = facts.mosRange;
  let layout: TableLayout | null = null;
  let header: string[] = [];
  const rows: ParsedRow[] = [];
  const firstLine = new Map<string, number>();
  let dataRows = 0;
  const problem = (code: DatasetProblemCode, line: number, field: string | null, text: string): void =>
    problems.add({ code, file, line, field, image: null, message: `${file} line ${line}: ${field === null ? '' : `field "${field}": `}${text}` });

  for await (const record of readCsvRecords(table)) {
    if (!layout) {
      header = record.fields;
      layout = pickLayout(format, header, table);
      continue;
    }
    if (limit !== undefined && dataRows >= limit) break;
    dataRows += 1;
    if (dataRows > maxRows) {
      throw new DatasetImportError(
        'TABLE_TOO_LARGE',
        table,
        `${file}: more than ${maxRows} data rows, the limit per table (the largest real dataset, SPAQ, has 11 125): refused before reading any image; split the table or raise the limit (maxRows, RANKFALL_MAX_TABLE_ROWS in the CLI)`,
      );
    }
    if (dataRows % 1000 === 0) signal?.throwIfAborted();
    const { line, fields } = record;
    if (fields.length !== header.length) {
      problem('FIELD_COUNT', line, null, `expected ${header.length} fields like the header, found ${fields.length}`);
      continue;
    }
    const values: Record<string, string> = Object.create(null) as Record<string, string>;
    header.forEach((name, i) => {
      if (!(name in values)) values[name] = fields[i]!;
    });
    const parsed = layout.row.safeParse(values);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problem('INVALID_VALUE', line, String(issue.path[0] ?? '?'), issue.message);
      continue;
    }
    const row = parsed.data;
    if (row.mos < lo || row.mos > hi) {
      problem('OUT_OF_RANGE', line, layout.scoreColumn, `${row.mos} is outside the ${facts.name} MOS range [${lo}, ${hi}]`);
      continue;
    }
    const first = firstLine.get(row.key);
    if (first !== undefined) {
      problem('DUPLICATE_KEY', line, layout.keyColumn, `duplicate image "${row.key}" (first on line ${first})`);
      continue;
    }
    firstLine.set(row.key, line);
    rows.push({ line, row });
  }
  return layout ? { layout, rows } : null;
}

async function verifyImage(
  parsed: ParsedRow,
  root: { shown: string; real: string },
  table: string,
  options: z.output<typeof optionsSchema>,
): Promise<VerifiedDatasetImage | DatasetProblem> {
  const { row, line } = parsed;
  const file = basename(table);
  const filePath = resolve(root.shown, ...row.key.split('/'));
  const fail = (code: DatasetProblemCode, text: string): DatasetProblem => ({
    code,
    file,
    line,
    field: null,
    image: filePath,
    message: `${file} line ${line}: image "${row.key}": ${text}`,
  });
  const read = await readFileInRoot(root.real, row.key, options.maxImageBytes, filePath);
  if ('problem' in read) return fail(read.problem, read.text);
  try {
    const info = await inspectImage(read.bytes, { name: filePath, ...(options.maxPixels ? { maxPixels: options.maxPixels } : {}) });
    return {
      key: row.key,
      filePath,
      sha256: sha256Bytes(read.bytes),
      width: info.width,
      height: info.height,
      format: info.format,
      convertedFromProfile: info.convertedFromProfile,
      mos: row.mos,
      mosStd: row.mosStd,
      split: row.split ?? options.defaultSplit ?? null,
      reference: row.reference,
    };
  } catch (error) {
    if (error instanceof ImageIoError) return fail(IMAGE_PROBLEM_CODES[error.code], error.message);
    throw error;
  }
}

/**
 * Reads a MOS table in `format`, validates every row (zod; errors name the file, line and column),
 * checks the columns, rejects duplicate keys and scores outside the MOS range and tables over
 * `maxRows`, then (unless `imagesRequired` is false) reads every image from inside the image root
 * (never through a link out of it), decodes it completely the way `decodeImage` will (recording the
 * sniffed format and any colour-profile conversion) and checksums it, with bounded concurrency.
 *
 * All or nothing: any problem throws one `DatasetImportError` listing the first problems and their
 * count; a manifest is returned only when everything is valid. Labels are kept as published.
 */
export async function importTable(format: DatasetFormat, rawOptions: ImportDatasetOptions): Promise<DatasetManifest> {
  const parsedOptions = optionsSchema.safeParse(rawOptions);
  if (!parsedOptions.success) {
    throw invalidOptions(format, parsedOptions.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  const options = parsedOptions.data;
  const facts = resolveFacts(format, rawOptions);
  const table = resolve(options.table);
  const imageRoot = options.imageRoot === undefined ? null : resolve(options.imageRoot);
  if (options.imagesRequired) {
    if (!imageRoot) throw invalidOptions(format, '`imageRoot` is required when images are required');
    await requireDirectory(format, imageRoot);
  }
  const problems = new ProblemList(options.maxProblems);
  const result = await readTable(format, facts, table, options.limit, options.maxRows, problems, rawOptions.signal);
  if (problems.count > 0) {
    throw new DatasetImportError(
      'INVALID_ROWS',
      table,
      `Import of ${format.id} from ${table} failed: ${problems.count} problem${problems.count === 1 ? '' : 's'} in the table`,
      problems.kept,
      problems.count,
    );
  }
  if (!result || result.rows.length === 0) {
    throw new DatasetImportError('EMPTY_TABLE', table, `Import of ${format.id} from ${table} failed: the table has no data rows`);
  }
  const { rows } = result;
  const total = rows.length;
  const manifestFacts = {
    name: facts.name,
    version: facts.version,
    source: format.id,
    lowerBetter: facts.lowerBetter,
    mosRange: facts.mosRange,
    provenance: facts.provenance,
  };

  if (!options.imagesRequired) {
    rawOptions.onProgress?.(total, total);
    return {
      ...manifestFacts,
      imagesVerified: false,
      images: rows.map(({ row }) => ({
        key: row.key,
        filePath: imageRoot ? resolve(imageRoot, ...row.key.split('/')) : null,
        sha256: null,
        width: null,
        height: null,
        mos: row.mos,
        mosStd: row.mosStd,
        split: row.split ?? options.defaultSplit ?? null,
        reference: row.reference,
      })),
    };
  }

  let done = 0;
  const root = { shown: imageRoot!, real: await realpath(imageRoot!) };
  const checked = await mapWithConcurrency(rows, options.concurrency, async (row) => {
    rawOptions.signal?.throwIfAborted();
    const result = await verifyImage(row, root, table, options);
    done += 1;
    rawOptions.onProgress?.(done, total);
    return result;
  });
  const images: VerifiedDatasetImage[] = [];
  for (const result of checked) {
    if ('code' in result) problems.add(result);
    else images.push(result);
  }
  if (problems.count > 0) {
    throw new DatasetImportError(
      'IMAGE_PROBLEMS',
      table,
      `Import of ${format.id} from ${table} failed: ${problems.count} image problem${problems.count === 1 ? '' : 's'} under ${imageRoot}`,
      problems.kept,
      problems.count,
    );
  }
  return { ...manifestFacts, imagesVerified: true, images };
}
