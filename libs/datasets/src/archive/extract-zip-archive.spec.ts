import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DatasetArchiveError, type DatasetArchiveErrorCode } from './dataset-archive-error';
import { extractZipArchive, withExtractedArchive } from './extract-zip-archive';
import { writeTestZip, type TestZipEntry } from './zip-writer.test-helper';

const work = mkdtempSync(join(tmpdir(), 'rankfall-archive-spec-'));
/** Extraction folders are created here, so each test can check that a refusal left nothing behind. */
let parent: string;
let counter = 0;
beforeEach(() => {
  parent = mkdtempSync(join(work, 'extract-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function zipFile(bytes: Uint8Array): string {
  const path = join(work, `archive-${++counter}.zip`);
  writeFileSync(path, bytes);
  return path;
}

const png = (seed: number) => Uint8Array.from({ length: 300 }, (_, i) => (i * 31 + seed * 7) % 251);
const good: TestZipEntry[] = [
  { name: 'ds/', data: '' },
  { name: 'ds/mos.csv', data: 'filename,mos\na.png,1\nsub/b.png,2\n', deflate: true },
  { name: 'ds/images/a.png', data: png(1), deflate: true },
  { name: 'ds/images/sub/b.png', data: png(2) },
  { name: 'ds/empty.txt', data: '' },
];

/** Extracting `entries` is refused with `code`, naming `entry` in the error and the message; nothing is left on disk. */
async function expectRefused(bytes: Uint8Array, code: DatasetArchiveErrorCode, entry: string | null, limits = {}): Promise<DatasetArchiveError> {
  const error = await extractZipArchive(zipFile(bytes), { tempParent: parent, limits }).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DatasetArchiveError);
  const refusal = error as DatasetArchiveError;
  expect({ code: refusal.code, entry: refusal.entry }).toEqual({ code, entry });
  if (entry !== null) expect(refusal.message).toContain(JSON.stringify(entry));
  expect(readdirSync(parent)).toEqual([]);
  return refusal;
}

describe('extractZipArchive', () => {
  it('extracts stored, deflated, empty and nested entries into a fresh private folder', async () => {
    const archive = await extractZipArchive(zipFile(writeTestZip(good)), { tempParent: parent });
    expect(archive.dir.startsWith(join(parent, 'rankfall-archive-'))).toBe(true);
    expect(archive.files).toEqual(['ds/mos.csv', 'ds/images/a.png', 'ds/images/sub/b.png', 'ds/empty.txt']);
    expect(archive.folders).toEqual(['ds', 'ds/images', 'ds/images/sub']);
    expect(readFileSync(join(archive.dir, 'ds/mos.csv'), 'utf8')).toBe('filename,mos\na.png,1\nsub/b.png,2\n');
    expect(new Uint8Array(readFileSync(join(archive.dir, 'ds/images/a.png')))).toEqual(png(1));
    expect(new Uint8Array(readFileSync(join(archive.dir, 'ds/images/sub/b.png')))).toEqual(png(2));
    expect(readFileSync(join(archive.dir, 'ds/empty.txt'))).toHaveLength(0);
    await archive.remove();
    expect(readdirSync(parent)).toEqual([]);
  });

  it('withExtractedArchive removes the folder after use, also when use throws', async () => {
    const path = zipFile(writeTestZip(good));
    const seen = await withExtractedArchive(path, { tempParent: parent }, async (archive) => readdirSync(archive.dir));
    expect(seen).toEqual(['ds']);
    await expect(withExtractedArchive(path, { tempParent: parent }, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(readdirSync(parent)).toEqual([]);
  });

  it.each([
    ['../evil.png', 'has a ".." segment'],
    ['ds/../../evil.png', 'has a ".." segment'],
    ['/etc/passwd', 'is absolute'],
    ['C:/Windows/evil.png', 'drive letter'],
    ['ds\\..\\evil.png', 'backslash'],
    ['ds/a\u0000.png', 'control character'],
    ['ds//a.png', 'empty or "." segment'],
    ['ds/./a.png', 'empty or "." segment'],
  ])('refuses the unsafe name %j (%s), naming it', async (name, reason) => {
    const error = await expectRefused(writeTestZip([...good, { name, data: 'x' }]), 'ARCHIVE_UNSAFE_NAME', name);
    expect(error.message).toContain(reason);
  });

  it('refuses a symbolic link and a FIFO entry', async () => {
    await expectRefused(writeTestZip([...good, { name: 'ds/images/link.png', data: '/etc/passwd', unixMode: 0o120777 }]), 'ARCHIVE_SYMLINK', 'ds/images/link.png');
    await expectRefused(writeTestZip([...good, { name: 'ds/images/fifo', data: '', unixMode: 0o010644 }]), 'ARCHIVE_NOT_REGULAR_FILE', 'ds/images/fifo');
    // A regular Unix file is fine.
    const archive = await extractZipArchive(zipFile(writeTestZip([{ name: 'a.csv', data: 'x', unixMode: 0o100644 }])), { tempParent: parent });
    expect(archive.files).toEqual(['a.csv']);
    await archive.remove();
  });

  it('refuses duplicate names and a file that is also a folder', async () => {
    await expectRefused(writeTestZip([...good, { name: 'ds/mos.csv', data: 'filename,mos\nz.png,9\n' }]), 'ARCHIVE_DUPLICATE_ENTRY', 'ds/mos.csv');
    await expectRefused(writeTestZip([{ name: 'ds/x/a.png', data: 'a' }, { name: 'ds/x', data: 'file' }]), 'ARCHIVE_DUPLICATE_ENTRY', 'ds/x/a.png');
    await expectRefused(writeTestZip([{ name: 'ds/x', data: 'file' }, { name: 'ds/x/', data: '' }]), 'ARCHIVE_DUPLICATE_ENTRY', 'ds/x/');
  });

  it('refuses encrypted entries and unsupported compression methods', async () => {
    await expectRefused(writeTestZip([...good, { name: 'ds/secret.png', data: 'x', flags: 0x0001 }]), 'ARCHIVE_ENCRYPTED', 'ds/secret.png');
    await expectRefused(writeTestZip([...good, { name: 'ds/lzma.png', data: 'x', method: 14 }]), 'ARCHIVE_UNSUPPORTED_METHOD', 'ds/lzma.png');
  });

  it('refuses too many entries before reading any', async () => {
    const many = Array.from({ length: 11 }, (_, i) => ({ name: `f${i}.png`, data: 'x' }));
    const error = await expectRefused(writeTestZip(many), 'ARCHIVE_TOO_MANY_ENTRIES', null, { maxEntries: 10 });
    expect(error.message).toContain('11 entries');
  });

  it('refuses a deflate bomb whose headers lie about its size, while inflating', async () => {
    // 64 MiB of zeros deflate to ~64 KiB; the headers claim 1000 bytes.
    const bomb = new Uint8Array(64 * 1024 * 1024);
    const error = await expectRefused(writeTestZip([...good, { name: 'ds/images/bomb.png', data: bomb, deflate: true, declaredSize: 1000 }]), 'ARCHIVE_SIZE_MISMATCH', 'ds/images/bomb.png');
    expect(error.message).toContain('inflates past the 1000 bytes its header declares');
  });

  it('refuses an honest entry that inflates past the ratio limit, while inflating', async () => {
    const zeros = new Uint8Array(4 * 1024 * 1024);
    const error = await expectRefused(writeTestZip([{ name: 'big.png', data: zeros, deflate: true }]), 'ARCHIVE_RATIO_EXCEEDED', 'big.png', { maxRatio: 100, ratioFloorBytes: 1024 });
    expect(error.message).toContain('more than 100:1');
  });

  it('refuses declared sizes past the per-entry and total limits before inflating (real bytes never exceed the declared ones)', async () => {
    const zeros = new Uint8Array(4 * 1024 * 1024);
    await expectRefused(writeTestZip([{ name: 'big.png', data: zeros, deflate: true }]), 'ARCHIVE_ENTRY_TOO_LARGE', 'big.png', { maxEntryBytes: 1024 * 1024 });
    const pair = [
      { name: 'a.png', data: png(1) },
      { name: 'b.png', data: png(2) },
    ];
    await expectRefused(writeTestZip(pair), 'ARCHIVE_TOO_LARGE', 'b.png', { maxTotalBytes: 500 });
    await expectRefused(writeTestZip([{ name: 'claims.png', data: 'x', declaredSize: 2_000_000, deflate: true }]), 'ARCHIVE_ENTRY_TOO_LARGE', 'claims.png', { maxEntryBytes: 1_000_000 });
  });

  it('refuses a CRC mismatch and an entry smaller than declared', async () => {
    await expectRefused(writeTestZip([...good, { name: 'ds/images/c.png', data: png(3), crc: 0x12345678, deflate: true }]), 'ARCHIVE_CRC_MISMATCH', 'ds/images/c.png');
    await expectRefused(writeTestZip([{ name: 'short.png', data: png(3), declaredSize: 301, deflate: true }]), 'ARCHIVE_SIZE_MISMATCH', 'short.png');
  });

  it('refuses a corrupt deflate stream', async () => {
    await expectRefused(writeTestZip([{ name: 'bad.png', data: png(3), method: 8, raw: Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff]) }]), 'ARCHIVE_CORRUPT_ENTRY', 'bad.png');
  });

  it('refuses overlapping entries (an entry whose local header lies inside another entry)', async () => {
    const inner = writeTestZip([{ name: 'b.png', data: png(2) }]);
    const innerRecord = inner.subarray(0, 30 + 'b.png'.length + 300);
    const zip = writeTestZip([
      { name: 'a.png', data: innerRecord },
      { name: 'b.png', data: png(2), centralOnlyAt: 30 + 'a.png'.length },
    ]);
    await expectRefused(zip, 'ARCHIVE_OVERLAPPING_ENTRIES', 'b.png');
  });

  it('refuses truncated archives, non-zips and zip64', async () => {
    const zip = writeTestZip(good);
    await expectRefused(zip.subarray(0, zip.length - 10), 'ARCHIVE_MALFORMED', null);
    await expectRefused(zip.subarray(0, 200), 'ARCHIVE_MALFORMED', null);
    await expectRefused(new TextEncoder().encode('not a zip archive at all, just some text'), 'ARCHIVE_MALFORMED', null);
    // Bytes prepended (a self-extractor stub): the directory's offsets no longer line up.
    await expectRefused(new Uint8Array([...new Uint8Array(40), ...zip]), 'ARCHIVE_MALFORMED', null);
    const zip64 = zip.slice();
    new DataView(zip64.buffer).setUint16(zip64.length - 22 + 10, 0xffff, true);
    await expectRefused(zip64, 'ARCHIVE_ZIP64_UNSUPPORTED', null);
  });

  it('removes the half-written folder when a later entry fails', async () => {
    const zip = writeTestZip([...good, { name: 'ds/images/z.png', data: png(9), crc: 1 }]);
    await expectRefused(zip, 'ARCHIVE_CRC_MISMATCH', 'ds/images/z.png');
  });
});
