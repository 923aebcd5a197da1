import { readFileSync } from 'node:fs';
import { fixturePath, skipWithoutFixtures } from '@rankfall/testing';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Bytes } from '../image-io/sha256-file';
import { testBytes, writeTestBmp } from '../testing/bmp-test-writer';
import { makeTempFolder, type TempFolder } from '../testing/temp-dataset';
import { type DatasetFactsInput } from './dataset-format';
import { DatasetImportError, type DatasetImportErrorCode } from './dataset-import-error';
import { datasetManifestSchema, type DatasetManifest } from './dataset-manifest';
import { folderCsvFormat } from './folder-csv.importer';
import { importTable, type ImportDatasetOptions } from './import-table';
import { koniq10kFormat } from './koniq10k.importer';

const FACTS: DatasetFactsInput = {
  name: 'tiny',
  mosRange: [0, 100],
  lowerBetter: false,
  provenance: { source: 'unit test', licence: 'generated' },
};

async function failure(promise: Promise<DatasetManifest>): Promise<DatasetImportError> {
  let manifest: DatasetManifest | undefined;
  const error = await promise.then(
    (m) => {
      manifest = m;
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(manifest, 'no manifest may be returned on failure').toBeUndefined();
  if (!(error instanceof DatasetImportError)) throw new Error(`expected a DatasetImportError, got ${String(error)}`);
  return error;
}

function expectCode(error: DatasetImportError, code: DatasetImportErrorCode): void {
  expect(error.code, error.message).toBe(code);
}

describe('importTable (folder + CSV) with images', () => {
  let folder: TempFolder;
  let pngA: Buffer;
  let bmpB: Buffer;
  let jpegC: Buffer;

  beforeAll(async () => {
    folder = makeTempFolder();
    pngA = await sharp(testBytes(6 * 4 * 3, 1), { raw: { width: 6, height: 4, channels: 3 } }).png().toBuffer();
    bmpB = writeTestBmp({ width: 5, height: 7, bitCount: 24, rgb: testBytes(5 * 7 * 3, 2) });
    jpegC = await sharp(testBytes(8 * 3 * 3, 3), { raw: { width: 8, height: 3, channels: 3 } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    folder.write('img/a.png', pngA);
    folder.write('img/sub/b.bmp', bmpB);
    folder.write('img/c.jpg', jpegC);
    folder.write('img/corrupt.png', Buffer.concat([pngA.subarray(0, 8), testBytes(40, 4)]));
    folder.write('img/not-an-image.png', 'hello');
    const truncated = await sharp(testBytes(64 * 64 * 3, 5), { raw: { width: 64, height: 64, channels: 3 } }).jpeg().toBuffer();
    folder.write('img/truncated.jpg', truncated.subarray(0, truncated.length - 200));
  });
  afterAll(() => folder.cleanup());

  const run = (csv: string, extra: Partial<ImportDatasetOptions> = {}): Promise<DatasetManifest> =>
    importTable(folderCsvFormat, { table: folder.write(`t-${Math.random().toString(36).slice(2)}.csv`, csv), imageRoot: folder.path('img'), facts: FACTS, ...extra });

  it('builds a verified manifest: sha256, displayed size, labels as written, table order', async () => {
    const progress: Array<[number, number]> = [];
    const manifest = await run('filename,mos,std,split,comment\nsub/b.bmp,12.5,3,train,x\na.png,80,,test,\nc.jpg,40,1.5,,\n', {
      onProgress: (done, total) => progress.push([done, total]),
      concurrency: 2,
    });
    expect(datasetManifestSchema.parse(manifest)).toEqual(manifest);
    expect(manifest).toMatchObject({ name: 'tiny', version: '1', source: 'folder-csv', lowerBetter: false, mosRange: [0, 100], imagesVerified: true });
    expect(manifest.images).toEqual([
      { key: 'sub/b.bmp', filePath: folder.path('img', 'sub', 'b.bmp'), sha256: sha256Bytes(bmpB), width: 5, height: 7, format: 'bmp', convertedFromProfile: null, mos: 12.5, mosStd: 3, split: 'train', reference: null },
      { key: 'a.png', filePath: folder.path('img', 'a.png'), sha256: sha256Bytes(pngA), width: 6, height: 4, format: 'png', convertedFromProfile: null, mos: 80, mosStd: null, split: 'test', reference: null },
      // EXIF orientation 6: stored 8×3, displayed 3×8.
      { key: 'c.jpg', filePath: folder.path('img', 'c.jpg'), sha256: sha256Bytes(jpegC), width: 3, height: 8, format: 'jpeg', convertedFromProfile: null, mos: 40, mosStd: 1.5, split: null, reference: null },
    ]);
    expect(progress.map(([d]) => d)).toEqual([1, 2, 3]);
    expect(progress.every(([, t]) => t === 3)).toBe(true);
  });

  it('is deterministic: the same files give an equal manifest', async () => {
    const csv = 'filename,mos\na.png,1\nsub/b.bmp,2\n';
    expect(await run(csv)).toEqual(await run(csv));
  });

  it('applies limit, defaultSplit and name/version overrides', async () => {
    const manifest = await run('filename,mos\na.png,1\nsub/b.bmp,2\nmissing.png,3\n', { limit: 2, defaultSplit: 'val', name: 'renamed', version: '7' });
    expect(manifest.images.map((i) => [i.key, i.split])).toEqual([
      ['a.png', 'val'],
      ['sub/b.bmp', 'val'],
    ]);
    expect([manifest.name, manifest.version]).toEqual(['renamed', '7']);
  });

  it('a missing image fails the import, naming the table, line and file', async () => {
    const error = await failure(run('filename,mos\na.png,1\nnope/missing.png,2\n'));
    expectCode(error, 'IMAGE_PROBLEMS');
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ code: 'IMAGE_MISSING', line: 3, image: folder.path('img', 'nope', 'missing.png') });
    expect(error.message).toMatch(/t-\w+\.csv line 3: image "nope\/missing\.png": file not found: .*missing\.png/);
  });

  it('a corrupt image and a non-image fail, each named', async () => {
    const error = await failure(run('filename,mos\ncorrupt.png,1\na.png,2\nnot-an-image.png,3\n'));
    expectCode(error, 'IMAGE_PROBLEMS');
    expect(error.problems.map((p) => [p.code, p.line])).toEqual([
      ['IMAGE_CORRUPT', 2],
      ['IMAGE_UNSUPPORTED', 4],
    ]);
    expect(error.message).toContain('line 2: image "corrupt.png"');
    expect(error.message).toContain('corrupt.png');
  });

  it('a truncated JPEG (whose header is intact) fails: every image is decoded completely', async () => {
    const error = await failure(run('filename,mos\ntruncated.jpg,1\n'));
    expect(error.problems[0]).toMatchObject({ code: 'IMAGE_CORRUPT', line: 2 });
    expect(error.message).toMatch(/truncated\.jpg: cannot decode: .*premature end/i);
  });

  it('an image over maxPixels fails as IMAGE_TOO_LARGE', async () => {
    const error = await failure(run('filename,mos\na.png,1\n', { maxPixels: 10 }));
    expect(error.problems[0]?.code).toBe('IMAGE_TOO_LARGE');
  });

  it.each<[string, string, string, number, RegExp]>([
    ['a non-numeric MOS', 'filename,mos\na.png,abc\n', 'INVALID_VALUE', 2, /line 2: field "mos": expected a number, got "abc"/],
    ['an empty MOS', 'filename,mos\na.png,\n', 'INVALID_VALUE', 2, /line 2: field "mos": expected a number, got ""/],
    ['a negative std', 'filename,mos,std\na.png,5,-1\n', 'INVALID_VALUE', 2, /line 2: field "std": expected a non-negative number or nothing, got "-1"/],
    ['an unknown split', 'filename,mos,split\na.png,5,training\n', 'INVALID_VALUE', 2, /field "split": expected one of "train", "val", "test", "", got "training"/],
    ['a duplicate name', 'filename,mos\na.png,1\nsub/b.bmp,2\na.png,3\n', 'DUPLICATE_KEY', 4, /line 4: field "filename": duplicate image "a\.png" \(first on line 2\)/],
    ['a MOS outside the range', 'filename,mos\na.png,101\n', 'OUT_OF_RANGE', 2, /line 2: field "mos": 101 is outside the tiny MOS range \[0, 100\]/],
    ['a path escaping the root', 'filename,mos\n../secret.png,1\n', 'INVALID_VALUE', 2, /field "filename": expected a relative image path/],
    ['an absolute path', 'filename,mos\n/etc/passwd,1\n', 'INVALID_VALUE', 2, /field "filename": expected a relative image path/],
    ['a short row', 'filename,mos,std\na.png,1\n', 'FIELD_COUNT', 2, /line 2: expected 3 fields like the header, found 2/],
  ])('%s fails the import before any image is read', async (_name, csv, problemCode, line, message) => {
    const error = await failure(run(csv));
    expectCode(error, 'INVALID_ROWS');
    expect(error.problems[0]).toMatchObject({ code: problemCode, line });
    expect(error.message).toMatch(message);
  });

  it('lists the first maxProblems problems and counts all of them', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `x${i}.png,bad${i}`).join('\n');
    const error = await failure(run(`filename,mos\n${rows}\n`, { maxProblems: 5 }));
    expect(error.problems).toHaveLength(5);
    expect(error.problemCount).toBe(30);
    expect(error.problems.map((p) => p.line)).toEqual([2, 3, 4, 5, 6]);
    expect(error.message).toContain('… and 25 more');
  });

  it('wrong columns fail, naming expected and found', async () => {
    const error = await failure(run('name,score\na.png,1\n'));
    expectCode(error, 'WRONG_COLUMNS');
    expect(error.message).toMatch(/line 1: wrong columns for folder-csv: expected filename,mos\[,std,split\],… \(missing "filename", "mos"\); found name,score/);
  });

  it.each<[string, string, DatasetImportErrorCode]>([
    ['an empty file', '', 'EMPTY_TABLE'],
    ['a header without rows', 'filename,mos\n', 'EMPTY_TABLE'],
    ['an unterminated quote', 'filename,mos\n"a.png,1\n', 'MALFORMED_CSV'],
  ])('%s fails with %s', async (_name, csv, code) => {
    expectCode(await failure(run(csv)), code);
  });

  it('checks the options', async () => {
    const table = folder.write('ok.csv', 'filename,mos\na.png,1\n');
    expectCode(await failure(importTable(folderCsvFormat, { table, imageRoot: folder.path('img') })), 'INVALID_OPTIONS');
    expectCode(await failure(importTable(folderCsvFormat, { table, facts: FACTS })), 'INVALID_OPTIONS');
    expectCode(
      await failure(importTable(folderCsvFormat, { table, imageRoot: folder.path('img'), facts: { ...FACTS, mosRange: [5, 1] } })),
      'INVALID_OPTIONS',
    );
    expectCode(await failure(importTable(folderCsvFormat, { table, imageRoot: folder.path('nowhere'), facts: FACTS })), 'IMAGE_ROOT_NOT_FOUND');
    expectCode(await failure(importTable(folderCsvFormat, { table: folder.path('absent.csv'), imageRoot: folder.path('img'), facts: FACTS })), 'TABLE_UNREADABLE');
    expectCode(await failure(importTable(koniq10kFormat, { table, imagesRequired: false, facts: FACTS })), 'INVALID_OPTIONS');
    expectCode(await failure(importTable(folderCsvFormat, { table, imagesRequired: false, facts: FACTS, limit: 0 })), 'INVALID_OPTIONS');
  });

  it('stops when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop now'));
    await expect(run('filename,mos\na.png,1\n', { signal: controller.signal })).rejects.toThrow('stop now');
  });

  it('without images: reads the table only, with paths under the image root if given', async () => {
    const manifest = await run('filename,mos\nmissing.png,1\n', { imagesRequired: false });
    expect(manifest.imagesVerified).toBe(false);
    expect(manifest.images[0]).toEqual({
      key: 'missing.png',
      filePath: folder.path('img', 'missing.png'),
      sha256: null,
      width: null,
      height: null,
      mos: 1,
      mosStd: null,
      split: null,
      reference: null,
    });
    const noRoot = await importTable(folderCsvFormat, { table: folder.write('n.csv', 'filename,mos\nq.png,2\n'), imagesRequired: false, facts: FACTS });
    expect(noRoot.images[0]?.filePath).toBeNull();
  });
});

describe.skipIf(skipWithoutFixtures())('importTable on a real image', () => {
  it('checksums a fixture image to the README value', async () => {
    const folder = makeTempFolder();
    folder.copy(fixturePath('real/images/linearityiqa-clive/1000.JPG'), 'img/1000.JPG');
    const table = folder.write('t.csv', 'filename,mos\n1000.JPG,56.512\n');
    const manifest = await importTable(folderCsvFormat, { table, imageRoot: folder.path('img'), facts: FACTS });
    folder.cleanup();
    expect(manifest.images[0]).toMatchObject({
      sha256: '710da4af594e817bcd3638a76e216b78f6c8076791bcd91821e8fb4241748e38',
      width: 500,
      height: 500,
    });
    expect(readFileSync(fixturePath('real/images/linearityiqa-clive/1000.JPG')).length).toBe(34970);
  });
});
