import { crc32, inflateRawSync } from 'node:zlib';
import { WeightsError } from './weights-error';

/** One file of a zip archive; `read()` returns its bytes (inflated and CRC-checked). */
export interface ZipEntry {
  readonly name: string;
  readonly size: number;
  read(): Uint8Array;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * Refuses names that could reach outside the archive's root if ever extracted, or that two readers
 * could resolve differently: absolute (`/x`, `C:/x`), a `..` segment, a backslash, a NUL.
 */
function checkEntryName(name: string): void {
  const unsafe =
    name.startsWith('/') ||
    /^[A-Za-z]:/.test(name) ||
    name.includes('\\') ||
    name.includes('\0') ||
    name.split('/').some((segment) => segment === '..');
  if (unsafe) {
    throw new WeightsError('UNSAFE_ENTRY_NAME', `zip archive: entry ${JSON.stringify(name)} is absolute or leaves the archive root (.., \\, NUL)`, name);
  }
}

function malformed(what: string): never {
  throw new WeightsError('MALFORMED_FILE', `zip archive: ${what}`);
}

/**
 * Reads a zip archive's central directory (as written by `torch.save` since 1.6: stored entries,
 * zip64 records when large). Supports stored (method 0) and deflate (method 8) entries; anything
 * else, or an encrypted entry, is UNSUPPORTED_FORMAT. Every offset is bounds-checked. A name that
 * appears twice is DUPLICATE_ENTRY (never "last one wins"); an absolute name, a `..` segment, a
 * backslash or a NUL is UNSAFE_ENTRY_NAME; both name the entry.
 */
export function readZipArchive(bytes: Uint8Array): Map<string, ZipEntry> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number): number => (at + 2 <= bytes.length ? view.getUint16(at, true) : malformed('truncated'));
  const u32 = (at: number): number => (at + 4 <= bytes.length ? view.getUint32(at, true) : malformed('truncated'));
  const u64 = (at: number): number => {
    if (at + 8 > bytes.length) malformed('truncated');
    const value = view.getBigUint64(at, true);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) malformed('64-bit field out of range');
    return Number(value);
  };

  let eocd = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) malformed('no end-of-central-directory record (truncated file?)');

  let entryCount = u16(eocd + 10);
  let directorySize = u32(eocd + 12);
  let directoryOffset = u32(eocd + 16);
  if (entryCount === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || u32(locator) !== ZIP64_LOCATOR) malformed('zip64 locator missing');
    const record = u64(locator + 8);
    if (u32(record) !== ZIP64_EOCD) malformed('zip64 end-of-central-directory record missing');
    entryCount = u64(record + 32);
    directorySize = u64(record + 40);
    directoryOffset = u64(record + 48);
  }
  if (directoryOffset + directorySize > bytes.length) malformed('central directory runs past the end');

  const entries = new Map<string, ZipEntry>();
  const decoder = new TextDecoder();
  let at = directoryOffset;
  for (let i = 0; i < entryCount; i++) {
    if (u32(at) !== CENTRAL) malformed(`central directory entry ${i} has a bad signature`);
    const flags = u16(at + 8);
    const method = u16(at + 10);
    const crc = u32(at + 16);
    let compressedSize = u32(at + 20);
    let size = u32(at + 24);
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const commentLength = u16(at + 32);
    let localOffset = u32(at + 42);
    if (at + 46 + nameLength + extraLength > bytes.length) malformed('central directory entry truncated');
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    checkEntryName(name);
    if (entries.has(name)) {
      throw new WeightsError('DUPLICATE_ENTRY', `zip archive: entry ${JSON.stringify(name)} appears twice in the central directory`, name);
    }

    // zip64 extended information: the 0xffffffff fields, in this order.
    let extra = at + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      const id = u16(extra);
      const length = u16(extra + 2);
      if (id === 0x0001) {
        let field = extra + 4;
        if (size === 0xffffffff) [size, field] = [u64(field), field + 8];
        if (compressedSize === 0xffffffff) [compressedSize, field] = [u64(field), field + 8];
        if (localOffset === 0xffffffff) localOffset = u64(field);
      }
      extra += 4 + length;
    }

    if ((flags & 0x1) !== 0) throw new WeightsError('UNSUPPORTED_FORMAT', `zip entry "${name}" is encrypted`);
    if (method !== 0 && method !== 8) {
      throw new WeightsError('UNSUPPORTED_FORMAT', `zip entry "${name}" uses compression method ${method} (only stored and deflate)`);
    }
    if (u32(localOffset) !== LOCAL) malformed(`local header of "${name}" has a bad signature`);
    const dataStart = localOffset + 30 + u16(localOffset + 26) + u16(localOffset + 28);
    if (dataStart + compressedSize > bytes.length) malformed(`entry "${name}" runs past the end (truncated file?)`);
    if (method === 0 && compressedSize !== size) malformed(`stored entry "${name}" has different sizes`);

    const raw = bytes.subarray(dataStart, dataStart + compressedSize);
    entries.set(name, {
      name,
      size,
      read: () => {
        let data: Uint8Array;
        if (method === 8) {
          try {
            // Never inflate past the size the directory declares (zip bombs).
            data = new Uint8Array(inflateRawSync(raw, { maxOutputLength: Math.max(size, 1) }));
          } catch {
            malformed(`entry "${name}" does not inflate`);
          }
        } else {
          data = raw;
        }
        if (data.length !== size) malformed(`entry "${name}" has ${data.length} bytes, the directory says ${size}`);
        if (crc32(data) >>> 0 !== crc) malformed(`entry "${name}" fails its CRC-32 check`);
        return data;
      },
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
