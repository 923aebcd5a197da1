import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../image-io/decode-image';
import { testBytes } from '../testing/bmp-test-writer';
import { ADOBE_RGB_1998, writeTestIccProfile } from '../testing/icc-test-profile';
import { makeTempFolder, type TempFolder } from '../testing/temp-dataset';
import { type DatasetFactsInput } from './dataset-format';
import { DatasetImportError } from './dataset-import-error';
import { type DatasetManifest, type VerifiedDatasetManifest } from './dataset-manifest';
import { folderCsvFormat } from './folder-csv.importer';
import { DEFAULT_MAX_TABLE_ROWS, importTable, type ImportDatasetOptions } from './import-table';

const FACTS: DatasetFactsInput = { name: 'hostile', mosRange: [0, 100], lowerBetter: false, provenance: { source: 'unit test', licence: 'generated' } };

/** The first bytes of a file as `requireImageFormat` used to print them (`72 6f 6f 74 …`). */
function hexHead(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
}

async function failure(promise: Promise<DatasetManifest>): Promise<DatasetImportError> {
  const error = await promise.then(
    () => new Error('expected the import to fail'),
    (e: unknown) => e,
  );
  if (!(error instanceof DatasetImportError)) throw error;
  return error;
}

/** Flips one byte of the CRC of a PNG's first IDAT chunk. */
function flipIdatCrc(png: Buffer): Buffer {
  const out = Buffer.from(png);
  const idat = out.indexOf('IDAT', 8, 'latin1');
  const length = out.readUInt32BE(idat - 4);
  out[idat + 4 + length]! ^= 0x5a;
  return out;
}

let folder: TempFolder;
let outside: TempFolder;
let png: Buffer;
const passwd = readFileSync('/etc/passwd');

beforeAll(async () => {
  folder = makeTempFolder('rankfall-hostile-');
  outside = makeTempFolder('rankfall-hostile-outside-');
  png = await sharp(testBytes(32 * 24 * 3, 11), { raw: { width: 32, height: 24, channels: 3 } }).png().toBuffer();
  folder.write('img/ok.png', png);
  outside.write('elsewhere/valid.png', png);
  symlinkSync('/etc/passwd', folder.path('img', 'passwd.png'));
  symlinkSync(outside.path('elsewhere', 'valid.png'), folder.path('img', 'valid-outside.png'));
  symlinkSync(outside.path('elsewhere'), folder.path('img', 'linked-dir'));
  symlinkSync('ok.png', folder.path('img', 'alias.png'));
  mkdirSync(folder.path('img', 'real-sub'));
  symlinkSync('../ok.png', folder.path('img', 'real-sub', 'up.png'));
  execFileSync('mkfifo', [folder.path('img', 'fifo.png')]);
  folder.write('img/truncated.png', png.subarray(0, png.length - 40));
  folder.write('img/bad-crc.png', flipIdatCrc(png));
  folder.write('img/png-named.jpg', png);
});
afterAll(() => {
  folder?.cleanup();
  outside?.cleanup();
});

const run = (csv: string, extra: Partial<ImportDatasetOptions> = {}): Promise<DatasetManifest> =>
  importTable(folderCsvFormat, { table: folder.write(`t-${Math.random().toString(36).slice(2)}.csv`, csv), imageRoot: folder.path('img'), facts: FACTS, ...extra });

async function verified(csv: string, extra: Partial<ImportDatasetOptions> = {}): Promise<VerifiedDatasetManifest> {
  const manifest = await run(csv, extra);
  if (!manifest.imagesVerified) throw new Error('expected a verified manifest');
  return manifest;
}

describe('importTable refuses links out of the image root', () => {
  it.each([
    ['a link to /etc/passwd', 'passwd.png'],
    ['a link to a valid image outside the root', 'valid-outside.png'],
    ['a file under a linked folder outside the root', 'linked-dir/valid.png'],
  ])('%s: IMAGE_OUTSIDE_ROOT naming the entry, nothing read or echoed', async (_name, key) => {
    const error = await failure(run(`filename,mos\nok.png,1\n${key},2\n`));
    expect(error.code).toBe('IMAGE_PROBLEMS');
    expect(error.problems).toEqual([
      expect.objectContaining({ code: 'IMAGE_OUTSIDE_ROOT', line: 3, image: folder.path('img', ...key.split('/')) }),
    ]);
    expect(error.message).toContain(`line 3: image "${key}": is a symbolic link (or inside one) that leads out of the image root`);
    expect(error.message).not.toContain(hexHead(passwd));
    expect(error.message).not.toContain(passwd.subarray(0, 8).toString('latin1'));
    expect(error.message).not.toContain(outside.dir);
  });

  it('links that stay inside the root are followed', async () => {
    const manifest = await verified('filename,mos\nalias.png,1\nreal-sub/up.png,2\n');
    expect(manifest.images.map((i) => [i.key, i.width, i.format])).toEqual([
      ['alias.png', 32, 'png'],
      ['real-sub/up.png', 32, 'png'],
    ]);
  });

  it('an image root that is itself a link works (its real path is the root)', async () => {
    symlinkSync(folder.path('img'), folder.path('img-link'));
    const manifest = await run('filename,mos\nok.png,1\n', { imageRoot: folder.path('img-link') });
    expect(manifest.images[0]?.filePath).toBe(folder.path('img-link', 'ok.png'));
  });

  it('a FIFO is refused without blocking the import', async () => {
    const error = await failure(run('filename,mos\nfifo.png,1\n'));
    expect(error.problems[0]).toMatchObject({ code: 'IMAGE_UNREADABLE', line: 2 });
    expect(error.message).toContain('not a regular file');
  }, 5_000);

  it('a file over maxImageBytes is refused before it is read', async () => {
    const error = await failure(run('filename,mos\nok.png,1\n', { maxImageBytes: 100 }));
    expect(error.problems[0]).toMatchObject({ code: 'IMAGE_TOO_LARGE' });
    expect(error.message).toContain(`${png.length} bytes exceeds the limit of 100 bytes`);
  });
});

describe('importTable decodes every image completely', () => {
  it.each([
    ['a truncated PNG', 'truncated.png'],
    ['a PNG with a flipped CRC byte', 'bad-crc.png'],
  ])('%s is refused naming the file and the reason', async (_name, key) => {
    const error = await failure(run(`filename,mos\n${key},1\n`));
    expect(error.problems[0]).toMatchObject({ code: 'IMAGE_CORRUPT', line: 2, image: folder.path('img', key) });
    expect(error.message).toContain(`image "${key}": ${folder.path('img', key)}: cannot decode: `);
  });

  it('records the sniffed format, not the extension', async () => {
    const manifest = await verified('filename,mos\npng-named.jpg,1\nok.png,2\n');
    expect(manifest.images.map((i) => [i.key, i.format])).toEqual([
      ['png-named.jpg', 'png'],
      ['ok.png', 'png'],
    ]);
  });
});

describe('importTable and colour profiles', () => {
  const saturated = Buffer.alloc(16 * 16 * 3);
  for (let i = 0; i < 256; i++) saturated.set([20, 200, 40], 3 * i);

  it('records an embedded Adobe RGB profile, and decodeImage converts through it to sRGB', async () => {
    const icc = folder.write('adobe-rgb.icc', writeTestIccProfile(ADOBE_RGB_1998));
    const adobe = await sharp(saturated, { raw: { width: 16, height: 16, channels: 3 } }).withIccProfile(icc).jpeg({ quality: 100 }).toBuffer();
    const srgbTagged = await sharp(saturated, { raw: { width: 16, height: 16, channels: 3 } }).withIccProfile('srgb').png().toBuffer();
    folder.write('img/adobe.jpg', adobe);
    folder.write('img/srgb.png', srgbTagged);
    const manifest = await verified('filename,mos\nadobe.jpg,1\nsrgb.png,2\nok.png,3\n');
    expect(manifest.images.map((i) => [i.key, i.format, i.convertedFromProfile])).toEqual([
      ['adobe.jpg', 'jpeg', 'Adobe RGB (1998)'],
      ['srgb.png', 'png', null],
      ['ok.png', 'png', null],
    ]);
    // The attack/training path converts the same way: back to (about) the sRGB values the file was made from,
    // far from what the stored numbers mean without the profile.
    const decoded = await decodeImage(folder.path('img', 'adobe.jpg'));
    const asSrgb = Array.from(decoded.data.subarray(0, 3), (v) => Math.round(v * 255));
    const ignoringProfile = [...(await sharp(adobe, { ignoreIcc: true }).raw().toBuffer()).subarray(0, 3)];
    for (const [i, v] of [20, 200, 40].entries()) expect(Math.abs(asSrgb[i]! - v)).toBeLessThanOrEqual(10);
    expect(Math.abs(ignoringProfile[0]! - 20)).toBeGreaterThan(40);
  });
});

describe('importTable bounds the table', () => {
  it('refuses a table over maxRows while reading, before validating the rows past the limit', async () => {
    const rows = ['ok.png,1', 'alias.png,2', 'real-sub/up.png,3', 'x.png,not-a-number', 'y.png,also-bad'];
    const error = await failure(run(`filename,mos\n${rows.join('\n')}\n`, { maxRows: 3 }));
    expect(error.code).toBe('TABLE_TOO_LARGE');
    expect(error.message).toMatch(/t-\w+\.csv: more than 3 data rows, the limit per table/);
  });

  it('the default limit is 50 000 rows: 50 000 pass, 50 001 are refused', async () => {
    expect(DEFAULT_MAX_TABLE_ROWS).toBe(50_000);
    const table = (n: number) => `filename,mos\n${Array.from({ length: n }, (_, i) => `i${i}.png,${i % 100}`).join('\n')}\n`;
    await expect(run(table(50_000), { imagesRequired: false })).resolves.toMatchObject({ imagesVerified: false });
    expect((await failure(run(table(50_001), { imagesRequired: false }))).code).toBe('TABLE_TOO_LARGE');
  });
});
