import type { FileHandle } from 'node:fs/promises';
import type { ArchiveLimits } from './archive-limits';
import { DatasetArchiveError } from './dataset-archive-error';

/** One entry of the central directory, checked (name, type, method, bounds) but not yet inflated. */
export interface ZipDirectoryEntry {
  /** The name as stored (folders keep their trailing `/`). */
  readonly name: string;
  /** The `/`-separated path without a trailing `/`. */
  readonly path: string;
  readonly isDirectory: boolean;
  /** 0 = stored, 8 = deflate. */
  readonly method: 0 | 8;
  readonly crc32: number;
  readonly compressedSize: number;
  /** As declared by the central directory; extraction checks it while inflating. */
  readonly size: number;
  /** First byte of the entry's compressed data in the file. */
  readonly dataStart: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_DIRECTORY_BYTES = 256 * 1024 * 1024;
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
const UNIX_HOSTS = new Set([3, 19]); // Unix, OS X (Darwin)

function malformed(what: string, entry: string | null = null): never {
  throw new DatasetArchiveError('ARCHIVE_MALFORMED', `zip archive: ${what}`, entry);
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) malformed('truncated');
    done += bytesRead;
  }
  return buffer;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** C0 control characters (NUL included) and DEL. */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/**
 * The path of an entry name, or ARCHIVE_UNSAFE_NAME: absolute (`/x`), a drive letter (`C:`), a backslash,
 * a control character (NUL included), an empty, `.` or `..` segment. Only a trailing `/` (a folder) is allowed.
 */
export function checkedEntryPath(name: string): { path: string; isDirectory: boolean } {
  const isDirectory = name.endsWith('/');
  const path = isDirectory ? name.slice(0, -1) : name;
  const reason =
    path === ''
      ? 'is empty'
      : name.startsWith('/')
        ? 'is absolute'
        : /^[A-Za-z]:/.test(name)
          ? 'starts with a drive letter'
          : name.includes('\\')
            ? 'contains a backslash'
            : hasControlCharacter(name)
              ? 'contains a control character'
              : path.split('/').some((segment) => segment === '..')
                ? 'has a ".." segment (path traversal)'
                : path.split('/').some((segment) => segment === '' || segment === '.')
                  ? 'has an empty or "." segment'
                  : null;
  if (reason) throw new DatasetArchiveError('ARCHIVE_UNSAFE_NAME', `zip entry ${JSON.stringify(name)} ${reason}: refused`, name);
  return { path, isDirectory };
}

/**
 * Reads and checks a zip archive's central directory from an open file: one disk, no zip64, at most
 * `limits.maxEntries` entries, safe unique names, regular files and folders only (no symlinks, devices),
 * not encrypted, stored or deflate, every local header where the directory says and agreeing with it, and
 * no two entries sharing bytes. Declared sizes are checked against the limits here too (a cheap early
 * refusal); extraction checks the real sizes again while inflating.
 */
export async function readZipDirectory(handle: FileHandle, fileSize: number, limits: ArchiveLimits): Promise<ZipDirectoryEntry[]> {
  if (fileSize < 22) malformed('too short to be a zip archive (no end-of-central-directory record)');
  const tailLength = Math.min(fileSize, 22 + 0xffff);
  const tail = await readAt(handle, fileSize - tailLength, tailLength);
  let eocd = -1;
  for (let at = tail.length - 22; at >= 0; at--) {
    if (tail.readUInt32LE(at) === EOCD && at + 22 + tail.readUInt16LE(at + 20) === tail.length) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) malformed('no end-of-central-directory record (not a zip archive, or truncated)');
  const eocdOffset = fileSize - tailLength + eocd;
  if (eocd >= 20 && tail.readUInt32LE(eocd - 20) === ZIP64_LOCATOR) throw new DatasetArchiveError('ARCHIVE_ZIP64_UNSUPPORTED', 'zip archive: zip64 archives are not supported (keep the archive and each file under 4 GiB)');
  const disk = tail.readUInt16LE(eocd + 4);
  const directoryDisk = tail.readUInt16LE(eocd + 6);
  const entriesHere = tail.readUInt16LE(eocd + 8);
  const entryCount = tail.readUInt16LE(eocd + 10);
  const directorySize = tail.readUInt32LE(eocd + 12);
  const directoryOffset = tail.readUInt32LE(eocd + 16);
  if (entryCount === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    throw new DatasetArchiveError('ARCHIVE_ZIP64_UNSUPPORTED', 'zip archive: zip64 archives are not supported (keep the archive and each file under 4 GiB)');
  }
  if (disk !== 0 || directoryDisk !== 0 || entriesHere !== entryCount) throw new DatasetArchiveError('ARCHIVE_MULTI_DISK', 'zip archive: split over several disks (not supported)');
  if (entryCount > limits.maxEntries) throw new DatasetArchiveError('ARCHIVE_TOO_MANY_ENTRIES', `zip archive: ${entryCount} entries, more than the limit of ${limits.maxEntries}`);
  if (directoryOffset + directorySize > eocdOffset) malformed('the central directory runs past its end record (truncated?)');
  if (directorySize > MAX_DIRECTORY_BYTES) malformed(`the central directory is ${directorySize} bytes (more than ${MAX_DIRECTORY_BYTES})`);
  const directory = await readAt(handle, directoryOffset, directorySize);

  const entries: ZipDirectoryEntry[] = [];
  const ranges: Array<{ start: number; end: number; name: string }> = [];
  const seen = new Map<string, boolean>(); // path → is a folder
  let at = 0;
  let declaredTotal = 0;
  for (let i = 0; i < entryCount; i++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL) malformed(`central directory entry ${i + 1} is truncated or has a bad signature`);
    const madeBy = directory.readUInt16LE(at + 4);
    const flags = directory.readUInt16LE(at + 8);
    const method = directory.readUInt16LE(at + 10);
    const crc = directory.readUInt32LE(at + 16);
    const compressedSize = directory.readUInt32LE(at + 20);
    const size = directory.readUInt32LE(at + 24);
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    const startDisk = directory.readUInt16LE(at + 34);
    const externalAttributes = directory.readUInt32LE(at + 38);
    const localOffset = directory.readUInt32LE(at + 42);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > directory.length) malformed(`central directory entry ${i + 1} is truncated`);
    const rawName = directory.subarray(at + 46, at + 46 + nameLength);
    let name: string;
    try {
      name = utf8.decode(rawName);
    } catch {
      throw new DatasetArchiveError('ARCHIVE_UNSAFE_NAME', `zip entry ${i + 1} has a name that is not UTF-8 (${JSON.stringify(rawName.toString('latin1'))}): refused`, rawName.toString('latin1'));
    }
    const { path, isDirectory } = checkedEntryPath(name);
    const quoted = JSON.stringify(name);

    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff || startDisk === 0xffff) {
      throw new DatasetArchiveError('ARCHIVE_ZIP64_UNSUPPORTED', `zip entry ${quoted} uses zip64 fields (not supported: keep each file under 4 GiB)`, name);
    }
    if (startDisk !== 0) throw new DatasetArchiveError('ARCHIVE_MULTI_DISK', `zip entry ${quoted} is on another disk (not supported)`, name);
    if ((flags & 0x0001) !== 0 || (flags & 0x0040) !== 0 || (flags & 0x2000) !== 0) throw new DatasetArchiveError('ARCHIVE_ENCRYPTED', `zip entry ${quoted} is encrypted: refused`, name);
    if (method !== 0 && method !== 8) throw new DatasetArchiveError('ARCHIVE_UNSUPPORTED_METHOD', `zip entry ${quoted} uses compression method ${method} (only stored (0) and deflate (8) are supported)`, name);

    if (UNIX_HOSTS.has(madeBy >>> 8)) {
      const type = (externalAttributes >>> 16) & S_IFMT;
      if (type === S_IFLNK) throw new DatasetArchiveError('ARCHIVE_SYMLINK', `zip entry ${quoted} is a symbolic link: refused`, name);
      if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) throw new DatasetArchiveError('ARCHIVE_NOT_REGULAR_FILE', `zip entry ${quoted} is not a regular file or folder (a device, FIFO or socket): refused`, name);
      if ((type === S_IFDIR) !== isDirectory && type !== 0) throw new DatasetArchiveError('ARCHIVE_NOT_REGULAR_FILE', `zip entry ${quoted} is marked as a ${type === S_IFDIR ? 'folder' : 'file'} but named as a ${isDirectory ? 'folder' : 'file'}: refused`, name);
    }
    if (isDirectory && (size !== 0 || compressedSize > 2)) malformed(`folder entry ${quoted} has content`, name);

    // One name once (a folder `a/` and a file `a` count as one name).
    if (seen.has(path)) throw new DatasetArchiveError('ARCHIVE_DUPLICATE_ENTRY', `zip entry ${quoted} appears twice in the archive: refused`, name);
    seen.set(path, isDirectory);

    if (!isDirectory) {
      if (size > limits.maxEntryBytes) throw new DatasetArchiveError('ARCHIVE_ENTRY_TOO_LARGE', `zip entry ${quoted} declares ${size} bytes, more than the limit of ${limits.maxEntryBytes} bytes per file`, name);
      declaredTotal += size;
      if (declaredTotal > limits.maxTotalBytes) throw new DatasetArchiveError('ARCHIVE_TOO_LARGE', `zip archive: the files declare more than the limit of ${limits.maxTotalBytes} bytes in all (at entry ${quoted})`, name);
      if (method === 0 && compressedSize !== size) malformed(`stored entry ${quoted} declares different compressed and uncompressed sizes`, name);
    }

    // The local header: where the directory says, same name and method; the data must end before the directory.
    if (localOffset + 30 > directoryOffset) malformed(`the local header of ${quoted} is outside the archive's data`, name);
    const local = await readAt(handle, localOffset, 30);
    if (local.readUInt32LE(0) !== LOCAL) malformed(`the local header of ${quoted} has a bad signature`, name);
    const localNameLength = local.readUInt16LE(26);
    const localExtraLength = local.readUInt16LE(28);
    if (local.readUInt16LE(8) !== method) malformed(`the local header of ${quoted} names another compression method than the central directory`, name);
    if ((local.readUInt16LE(6) & 0x0001) !== 0) throw new DatasetArchiveError('ARCHIVE_ENCRYPTED', `zip entry ${quoted} is encrypted: refused`, name);
    const localName = await readAt(handle, localOffset + 30, localNameLength);
    if (!localName.equals(rawName)) malformed(`the local header of ${quoted} names another file (${JSON.stringify(localName.toString('latin1'))})`, name);
    const dataStart = localOffset + 30 + localNameLength + localExtraLength;
    const dataEnd = dataStart + compressedSize;
    if (dataEnd > directoryOffset) malformed(`zip entry ${quoted} runs past the archive's data (truncated?)`, name);
    ranges.push({ start: localOffset, end: dataEnd, name });

    entries.push({ name, path, isDirectory, method, crc32: crc, compressedSize, size, dataStart });
    at = next;
  }
  // Never a file that is also a folder of other entries (`a` and `a/b`).
  for (const entry of entries) {
    const segments = entry.path.split('/');
    for (let depth = 1; depth < segments.length; depth++) {
      const parent = segments.slice(0, depth).join('/');
      if (seen.get(parent) === false) throw new DatasetArchiveError('ARCHIVE_DUPLICATE_ENTRY', `zip entry ${JSON.stringify(entry.name)} is inside ${JSON.stringify(parent)}, which is a file in the archive: refused`, entry.name);
    }
  }
  ranges.sort((a, b) => a.start - b.start);
  for (let i = 1; i < ranges.length; i++) {
    const [before, after] = [ranges[i - 1]!, ranges[i]!];
    if (after.start < before.end) {
      throw new DatasetArchiveError('ARCHIVE_OVERLAPPING_ENTRIES', `zip entries ${JSON.stringify(before.name)} and ${JSON.stringify(after.name)} share bytes (overlapping entries, a zip-bomb technique): refused`, after.name);
    }
  }
  return entries;
}
