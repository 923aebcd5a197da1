import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';

/** One entry for `writeTestZip`; the overrides forge hostile archives (lying sizes, bad CRCs, symlinks, ...). */
export interface TestZipEntry {
  readonly name: string;
  readonly data?: Uint8Array | string;
  readonly deflate?: boolean;
  /** Uncompressed size written to both headers (default: the real one). */
  readonly declaredSize?: number;
  /** CRC-32 written to both headers (default: the real one). */
  readonly crc?: number;
  /** Compression method written to both headers (default: 8 when deflated, else 0). */
  readonly method?: number;
  readonly flags?: number;
  /** Unix mode (e.g. 0o120777 for a symlink); written with "made by Unix" (default: none, DOS). */
  readonly unixMode?: number;
  /** Compressed bytes to write instead of the encoded data. */
  readonly raw?: Uint8Array;
  /** Write only the central-directory record, pointing at this local-header offset (overlapping entries). */
  readonly centralOnlyAt?: number;
}

const bytesOf = (data: Uint8Array | string | undefined) => (typeof data === 'string' ? new TextEncoder().encode(data) : (data ?? new Uint8Array()));

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Test helper: a small zip writer (stored or deflated entries, no zip64) with knobs to forge hostile archives. */
export function writeTestZip(entries: readonly TestZipEntry[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const data = bytesOf(entry.data);
    const name = new TextEncoder().encode(entry.name);
    const body = entry.raw ?? (entry.deflate ? new Uint8Array(deflateRawSync(data)) : data);
    const crc = entry.crc ?? crc32(data) >>> 0;
    const method = entry.method ?? (entry.deflate ? 8 : 0);
    const size = entry.declaredSize ?? data.length;
    const flags = (entry.flags ?? 0) | 0x0800;
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(6, flags, true);
    local.setUint16(8, method, true);
    local.setUint32(14, crc, true);
    local.setUint32(18, body.length, true);
    local.setUint32(22, size, true);
    local.setUint16(26, name.length, true);
    const header = new DataView(new ArrayBuffer(46));
    header.setUint32(0, 0x02014b50, true);
    header.setUint16(4, entry.unixMode === undefined ? 20 : (3 << 8) | 20, true);
    header.setUint16(6, 20, true);
    header.setUint16(8, flags, true);
    header.setUint16(10, method, true);
    header.setUint32(16, crc, true);
    header.setUint32(20, body.length, true);
    header.setUint32(24, size, true);
    header.setUint16(28, name.length, true);
    header.setUint32(38, entry.unixMode === undefined ? 0 : (entry.unixMode << 16) >>> 0, true);
    header.setUint32(42, entry.centralOnlyAt ?? offset, true);
    central.push(new Uint8Array(header.buffer), name);
    if (entry.centralOnlyAt === undefined) {
      chunks.push(new Uint8Array(local.buffer), name, body);
      offset += 30 + name.length + body.length;
    }
  }
  const centralSize = central.reduce((sum, part) => sum + part.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, centralSize, true);
  end.setUint32(16, offset, true);
  return concat([...chunks, ...central, new Uint8Array(end.buffer)]);
}

/** Test helper: the files of a folder as zip entries (`/`-separated names; CSV and JSON deflated, the rest stored). */
export function folderZipEntries(dir: string, prefix = ''): TestZipEntry[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1).split(/[\\/]/).join('/'))
    .sort()
    .map((name) => ({ name: `${prefix}${name}`, data: new Uint8Array(readFileSync(join(dir, name))), deflate: /\.(csv|json)$/.test(name) }));
}
