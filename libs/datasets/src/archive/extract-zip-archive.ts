import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32, createInflateRaw } from 'node:zlib';
import { DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits } from './archive-limits';
import { DatasetArchiveError } from './dataset-archive-error';
import { readZipDirectory, type ZipDirectoryEntry } from './zip-directory';

/** A zip archive extracted into a fresh private folder. */
export interface ExtractedArchive {
  /** The folder holding the extracted tree (mode 0700, under the OS temp dir or `tempParent`). */
  readonly dir: string;
  /** Every regular file, as `/`-separated paths relative to `dir`, in archive order. */
  readonly files: readonly string[];
  /** Every folder (named in the archive or implied by a file's path), relative to `dir`. */
  readonly folders: readonly string[];
  /** Removes `dir` and everything in it. */
  remove(): Promise<void>;
}

export interface ExtractZipOptions {
  readonly limits?: Partial<ArchiveLimits>;
  /** Where the extraction folder is created (default: the OS temp dir). */
  readonly tempParent?: string;
}

/** Counts, limits and CRC-checks the inflated bytes of one entry as they stream to disk. */
function inflatedBytesGuard(entry: ZipDirectoryEntry, limits: ArchiveLimits, total: { bytes: number }): Transform & { finish(): void } {
  const quoted = JSON.stringify(entry.name);
  let seen = 0;
  let crc = 0;
  const guard = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      total.bytes += chunk.length;
      crc = crc32(chunk, crc);
      if (seen > limits.maxEntryBytes) return callback(new DatasetArchiveError('ARCHIVE_ENTRY_TOO_LARGE', `zip entry ${quoted} inflates past the limit of ${limits.maxEntryBytes} bytes per file: refused`, entry.name));
      if (total.bytes > limits.maxTotalBytes) return callback(new DatasetArchiveError('ARCHIVE_TOO_LARGE', `zip archive inflates past the limit of ${limits.maxTotalBytes} bytes in all (at entry ${quoted}): refused`, entry.name));
      if (seen > entry.size) return callback(new DatasetArchiveError('ARCHIVE_SIZE_MISMATCH', `zip entry ${quoted} inflates past the ${entry.size} bytes its header declares (a lying header): refused`, entry.name));
      if (seen > limits.ratioFloorBytes && seen > limits.maxRatio * Math.max(1, entry.compressedSize)) {
        return callback(new DatasetArchiveError('ARCHIVE_RATIO_EXCEEDED', `zip entry ${quoted} inflates more than ${limits.maxRatio}:1 (a zip bomb?): refused`, entry.name));
      }
      callback(null, chunk);
    },
  });
  return Object.assign(guard, {
    finish() {
      if (seen !== entry.size) throw new DatasetArchiveError('ARCHIVE_SIZE_MISMATCH', `zip entry ${quoted} inflates to ${seen} bytes, its header declares ${entry.size}: refused`, entry.name);
      if (crc >>> 0 !== entry.crc32) throw new DatasetArchiveError('ARCHIVE_CRC_MISMATCH', `zip entry ${quoted} fails its CRC-32 check (corrupt or tampered): refused`, entry.name);
    },
  });
}

async function extractEntry(archivePath: string, entry: ZipDirectoryEntry, target: string, limits: ArchiveLimits, total: { bytes: number }): Promise<void> {
  const guard = inflatedBytesGuard(entry, limits, total);
  // An empty stored entry has no bytes to read (createReadStream's `end` is inclusive).
  const source = entry.compressedSize === 0 ? Readable.from([]) : createReadStream(archivePath, { start: entry.dataStart, end: entry.dataStart + entry.compressedSize - 1 });
  try {
    const sink = createWriteStream(target, { flags: 'wx', mode: 0o600 });
    if (entry.method === 8) await pipeline(source, createInflateRaw(), guard, sink);
    else await pipeline(source, guard, sink);
  } catch (error) {
    if (error instanceof DatasetArchiveError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code.startsWith('Z_')) throw new DatasetArchiveError('ARCHIVE_CORRUPT_ENTRY', `zip entry ${JSON.stringify(entry.name)} does not inflate (${code}): refused`, entry.name, { cause: error });
    throw new DatasetArchiveError('ARCHIVE_WRITE_FAILED', `zip entry ${JSON.stringify(entry.name)}: cannot write the extracted file (${code ?? (error as Error).message})`, entry.name, { cause: error });
  }
  guard.finish();
}

/**
 * Extracts a zip archive into a fresh private folder, or throws a `DatasetArchiveError` naming the entry and
 * leaves nothing behind (the folder is removed on any failure). The central directory is checked first
 * (`readZipDirectory`: names, types, methods, bounds, overlaps, declared sizes); then each entry is inflated
 * as a stream with its size, the total, the ratio and the CRC-32 checked on the bytes actually produced,
 * never trusting the headers. Only regular files and folders are ever created; nothing is overwritten.
 */
export async function extractZipArchive(archivePath: string, options: ExtractZipOptions = {}): Promise<ExtractedArchive> {
  const limits: ArchiveLimits = { ...DEFAULT_ARCHIVE_LIMITS, ...options.limits };
  let entries: ZipDirectoryEntry[];
  const handle = await open(archivePath, 'r').catch((cause: unknown) => {
    throw new DatasetArchiveError('ARCHIVE_MALFORMED', `zip archive: cannot open the file (${(cause as NodeJS.ErrnoException).code ?? 'unknown error'})`, null, { cause });
  });
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new DatasetArchiveError('ARCHIVE_MALFORMED', 'zip archive: not a regular file');
    entries = await readZipDirectory(handle, info.size, limits);
  } finally {
    await handle.close();
  }

  const dir = await mkdtemp(join(options.tempParent ?? tmpdir(), 'rankfall-archive-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    const files: string[] = [];
    const folders = new Set<string>();
    const total = { bytes: 0 };
    const ensureFolder = async (path: string) => {
      if (path === '' || folders.has(path)) return;
      await mkdir(join(dir, ...path.split('/')), { recursive: true, mode: 0o700 });
      for (let parent = path; parent !== '.' && parent !== ''; parent = dirname(parent)) folders.add(parent);
    };
    for (const entry of entries) {
      if (entry.isDirectory) {
        await ensureFolder(entry.path);
        continue;
      }
      await ensureFolder(entry.path.includes('/') ? entry.path.slice(0, entry.path.lastIndexOf('/')) : '');
      await extractEntry(archivePath, entry, join(dir, ...entry.path.split('/')), limits, total);
      files.push(entry.path);
    }
    return { dir, files, folders: [...folders].sort(), remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

/** Extracts the archive, runs `use` on it, and always removes the extracted folder afterwards. */
export async function withExtractedArchive<T>(archivePath: string, options: ExtractZipOptions, use: (archive: ExtractedArchive) => Promise<T>): Promise<T> {
  const archive = await extractZipArchive(archivePath, options);
  try {
    return await use(archive);
  } finally {
    await archive.remove();
  }
}
