import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findImportRequestById, findTeamArtifact, setImportProgress, transitionImportRequest, withArtifactFile } from '@rankfall/db';
import { DatasetArchiveError, DEFAULT_MAX_TABLE_ROWS, extractZipArchive, generateSyntheticDataset, importDataset, locateArchiveDataset, type ArchiveLimits, type DatasetFactsInput } from '@rankfall/datasets';
import { DATASET_ARCHIVE_ARTIFACT, datasetImportSourceSchema, resolveInsideRoot } from '../import-requests.service';
import { RunsError } from '../runs-error';
import type { StageContext, StageOutcome } from './stage-context';
import { storeVerifiedDataset } from './store-verified-dataset';

/** Where the worker may read server-path imports from, and the table row limit (from the worker's environment). */
export interface ImportLimits {
  readonly importRoot: string | null;
  readonly maxTableRows?: number;
  /** Limits of uploaded archives (default `DEFAULT_ARCHIVE_LIMITS`). */
  readonly archive?: Partial<ArchiveLimits>;
  /** Where uploaded archives are extracted (default: the OS temp dir). */
  readonly tempDir?: string;
}

/** A path inside the import root after resolving every link (a link out of the root is refused). */
async function realInsideRoot(root: string, path: string, field: string): Promise<string> {
  const realRoot = await realpath(root).catch(() => {
    throw new RunsError('INVALID_INPUT', `the import root ${root} does not exist on this worker`);
  });
  const lexical = resolveInsideRoot(realRoot, path, field);
  const real = await realpath(lexical).catch(() => {
    throw new RunsError('INVALID_INPUT', `${field}: ${path} does not exist under the import root`, field);
  });
  return resolveInsideRoot(realRoot, real, field);
}

/**
 * An archive refusal as the worker edge's permanent INVALID_INPUT, keeping the archive's own code first in the
 * message (`[ARCHIVE_UNSAFE_NAME] zip entry "../x" …`) and the error as the cause.
 */
function archiveRefusal(error: unknown): never {
  if (error instanceof DatasetArchiveError) throw new RunsError('INVALID_INPUT', `[${error.code}] ${error.message}`, 'source.artifactId', { cause: error });
  throw error;
}

/**
 * Job `import-dataset`: reads the MOS table and every image (server path under the import root, or an uploaded
 * zip archive extracted by the bomb-safe extractor into a temporary folder that is always removed) or generates
 * the synthetic dataset, checks all of it (libs/datasets: every row, every image decoded), stores the images and
 * writes the dataset in one transaction — or nothing. Idempotent: a finished request is skipped, and re-importing
 * the same content is "unchanged".
 */
export async function executeDatasetImport(ctx: StageContext, importId: string, limits: ImportLimits): Promise<StageOutcome> {
  const request = await findImportRequestById(ctx.prisma, importId);
  if (!request || request.status === 'SUCCEEDED' || request.status === 'FAILED' || request.status === 'CANCELLED') return 'skipped';
  await transitionImportRequest(ctx.prisma, importId, ['QUEUED', 'RUNNING'], 'RUNNING', { message: 'checking the table and every image' });
  const source = datasetImportSourceSchema.parse(request.input);
  const progress = (label: string, weight: [number, number]) => (done: number, total: number) => {
    if (done === total || done % 25 === 0) void setImportProgress(ctx.prisma, importId, weight[0] + (weight[1] - weight[0]) * (done / Math.max(1, total)), `${label} ${done}/${total}`);
  };
  let temp: string | null = null;
  try {
    let manifest;
    if (source.kind === 'synthetic') {
      temp = await mkdtemp(join(limits.tempDir ?? tmpdir(), 'rankfall-synthetic-'));
      manifest = (await generateSyntheticDataset({ outDir: temp, seed: source.seed, references: source.references, size: source.size, levels: source.levels })).manifest;
    } else {
      let table: string;
      let images: string;
      if (source.kind === 'upload') {
        // The team's archive, extracted by the bomb-safe extractor into a fresh folder that `finally` removes.
        const artifact = await findTeamArtifact(ctx.prisma, { id: source.artifactId, teamId: request.teamId, ...DATASET_ARCHIVE_ARTIFACT });
        if (!artifact) throw new RunsError('MISSING_ARTIFACT', `the uploaded dataset archive ${source.artifactId} is not in this team any more`, 'source.artifactId');
        await setImportProgress(ctx.prisma, importId, 0, 'extracting the archive');
        const archive = await withArtifactFile(ctx.store, artifact.key, (path) => extractZipArchive(path, { ...(limits.archive ? { limits: limits.archive } : {}), ...(limits.tempDir ? { tempParent: limits.tempDir } : {}) })).catch(archiveRefusal);
        temp = archive.dir;
        const layout = await Promise.resolve(source).then((wanted) => locateArchiveDataset(archive, { table: wanted.table, images: wanted.images })).catch(archiveRefusal);
        table = join(archive.dir, ...layout.table.split('/'));
        images = join(archive.dir, ...layout.images.split('/').filter(Boolean));
      } else {
        if (!limits.importRoot) throw new RunsError('INVALID_INPUT', 'server-path imports are disabled on this worker (set RANKFALL_IMPORT_ROOT)');
        table = await realInsideRoot(limits.importRoot, source.table, 'source.table');
        images = await realInsideRoot(limits.importRoot, source.images, 'source.images');
      }
      const parsed = await importDataset(source.format, {
        table,
        imageRoot: images,
        imagesRequired: true,
        maxRows: limits.maxTableRows ?? DEFAULT_MAX_TABLE_ROWS,
        ...(source.facts ? { facts: source.facts as DatasetFactsInput } : {}),
        ...(source.name ? { name: source.name } : {}),
        ...(source.version ? { version: source.version } : {}),
        onProgress: progress('checked', [0, 0.6]),
      });
      if (!parsed.imagesVerified) throw new RunsError('INVALID_INPUT', 'the importer did not verify the images');
      manifest = parsed;
    }
    const warnings: string[] = [];
    const outcome = await storeVerifiedDataset(ctx.prisma, manifest, { teamId: request.teamId, store: ctx.store, onWarning: (line) => warnings.push(line), onProgress: progress('stored', [0.6, 1]) });
    await transitionImportRequest(ctx.prisma, importId, ['RUNNING'], 'SUCCEEDED', {
      datasetId: outcome.datasetId,
      progress: 1,
      message: `${outcome.status === 'created' ? 'imported' : 'already imported (unchanged)'}: ${outcome.imageCount} images${warnings.length ? `; ${warnings.join('; ')}` : ''}`.slice(0, 2000),
    });
    return 'done';
  } finally {
    if (temp) await rm(temp, { recursive: true, force: true });
  }
}
