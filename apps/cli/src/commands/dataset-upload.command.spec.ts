import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemo } from '@rankfall/db';
import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { storedZip } from '@rankfall/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli';
import { captureIo, type CapturedIo } from '../testing/capture-io';

const work = mkdtempSync(join(tmpdir(), 'rankfall-cli-upload-'));
/** The extractor's temporary folders go here (TMPDIR of this process), so the spec can see they are removed. */
const temp = join(work, 'tmp');
let db: TestDatabase;
let env: NodeJS.ProcessEnv;
let previousTmp: string | undefined;

const io = (): CapturedIo => captureIo(env, Promise.resolve('SIGTERM'));
const synth = join(work, 'synth');

/** The synthetic dataset's table and images (not its manifest) as zip entries under `prefix`. */
function entries(prefix: string): Array<{ name: string; data: Uint8Array }> {
  return [
    { name: `${prefix}mos.csv`, data: readFileSync(join(synth, 'mos.csv')) },
    ...readdirSync(join(synth, 'images'))
      .sort()
      .map((name) => ({ name: `${prefix}images/${name}`, data: readFileSync(join(synth, 'images', name)) })),
  ];
}

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_cli_upload', migrate: false });
  env = { DATABASE_URL: db.url, RANKFALL_STATE_DIR: join(work, 'state') };
  expect(await runCli(['db', 'migrate'], io())).toBe(0);
  await seedDemo(db.prisma, { password: 'test-password' });
  expect(await runCli(['dataset', 'synth', '--out', synth, '--references', '3', '--size', '32', '--levels', '1'], io())).toBe(0);
  mkdirSync(temp);
  previousTmp = process.env['TMPDIR'];
  process.env['TMPDIR'] = temp;
}, 120_000);
afterAll(async () => {
  if (previousTmp === undefined) delete process.env['TMPDIR'];
  else process.env['TMPDIR'] = previousTmp;
  await db?.drop();
  rmSync(work, { recursive: true, force: true });
});

describe('rankfall dataset upload', () => {
  it('imports a zipped dataset (table and images found by default), then changes nothing on a re-import', async () => {
    const zip = join(work, 'synth.zip');
    writeFileSync(zip, storedZip(entries('my-dataset/')));
    const args = ['dataset', 'upload', '--archive', zip, '--format', 'folder-csv', '--facts', join(synth, 'manifest.json'), '--name', 'zipped'];
    const first = io();
    expect(await runCli(args, first), first.stderr.join('\n')).toBe(0);
    expect(first.stdout).toContain('Table my-dataset/mos.csv, images in my-dataset/images/ (16 files).');
    expect(first.stdout.at(-1)).toMatch(/^Imported 15 images as dataset/);
    const dataset = await db.prisma.dataset.findFirstOrThrow({ where: { name: 'zipped' }, select: { id: true, _count: { select: { images: true } } } });
    expect(dataset._count.images).toBe(15);
    expect(readdirSync(temp)).toEqual([]);

    const again = io();
    expect(await runCli(args, again)).toBe(0);
    expect(again.stdout.at(-1)).toMatch(/nothing changed/);
  }, 120_000);

  it('refuses a hostile archive with one line naming the entry and the code, importing nothing and leaving no folder', async () => {
    const before = await db.prisma.image.count();
    const zip = join(work, 'hostile.zip');
    const good = entries('');
    writeFileSync(zip, storedZip([...good, { name: 'images/../../../etc/cron.d/x', data: good[1]!.data }]));
    const refused = io();
    expect(await runCli(['dataset', 'upload', '--archive', zip, '--format', 'folder-csv', '--facts', join(synth, 'manifest.json'), '--name', 'hostile'], refused)).toBe(1);
    expect(refused.stderr).toEqual(['rankfall: zip entry "images/../../../etc/cron.d/x" has a ".." segment (path traversal): refused [ARCHIVE_UNSAFE_NAME]']);

    writeFileSync(zip, storedZip([...good, { name: 'images/zz.png', data: good[1]!.data, crc: 1 }]));
    const tampered = io();
    expect(await runCli(['dataset', 'upload', '--archive', zip, '--format', 'folder-csv', '--facts', join(synth, 'manifest.json'), '--name', 'hostile'], tampered)).toBe(1);
    expect(tampered.stderr[0]).toMatch(/zip entry "images\/zz\.png" fails its CRC-32 check.*\[ARCHIVE_CRC_MISMATCH\]$/);
    expect(await db.prisma.image.count()).toBe(before);
    expect(await db.prisma.dataset.count({ where: { name: 'hostile' } })).toBe(0);
    expect(readdirSync(temp)).toEqual([]);
  });

  it('names a missing archive, an unknown table and an ambiguous one', async () => {
    const missing = io();
    expect(await runCli(['dataset', 'upload', '--archive', join(work, 'nope.zip'), '--format', 'folder-csv'], missing)).toBe(2);
    expect(missing.stderr[0]).toMatch(/--archive: .*nope\.zip is not a file/);
    const zip = join(work, 'two.zip');
    writeFileSync(zip, storedZip([...entries(''), { name: 'extra.csv', data: new TextEncoder().encode('a,b\n') }]));
    const ambiguous = io();
    expect(await runCli(['dataset', 'upload', '--archive', zip, '--format', 'folder-csv'], ambiguous)).toBe(1);
    expect(ambiguous.stderr[0]).toMatch(/2 \.csv files .*say which is the MOS table.*\[ARCHIVE_TABLE_NOT_FOUND\]/);
    const unknown = io();
    expect(await runCli(['dataset', 'upload', '--archive', zip, '--format', 'folder-csv', '--table', 'other.csv'], unknown)).toBe(1);
    expect(unknown.stderr[0]).toMatch(/no file "other\.csv".*\[ARCHIVE_TABLE_NOT_FOUND\]/);
    expect(readdirSync(temp)).toEqual([]);
  });
});
