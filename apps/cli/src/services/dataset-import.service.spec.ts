import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DbError, LocalArtifactStore, S3ArtifactStore, stateDir, type ArtifactStore } from '@rankfall/db';
import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { importDataset, type VerifiedDatasetManifest } from '@rankfall/datasets';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colourConversionWarning, storeVerifiedDataset } from '@rankfall/runs/stages';
import { artifactStore, datasetImportLimits } from './dataset-import.service';

const work = mkdtempSync(join(tmpdir(), 'rankfall-cli-store-'));
let db: TestDatabase;
let teamId: string;
let otherTeamId: string;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_cli_store' });
  teamId = (await db.prisma.team.create({ data: { slug: 'store', name: 'Store' } })).id;
  otherTeamId = (await db.prisma.team.create({ data: { slug: 'store-other', name: 'Other' } })).id;
});
afterAll(async () => {
  await db?.drop();
  rmSync(work, { recursive: true, force: true });
});

async function png(seed: number): Promise<Buffer> {
  const raw = Buffer.alloc(8 * 8 * 3, seed);
  return sharp(raw, { raw: { width: 8, height: 8, channels: 3 } }).png().toBuffer();
}

/** A verified manifest from the real importer over files written to a temp folder. */
async function manifestOf(name: string, files: Record<string, Buffer>, version = '1'): Promise<VerifiedDatasetManifest> {
  const dir = mkdtempSync(join(work, 'ds-'));
  mkdirSync(join(dir, 'img'));
  for (const [key, bytes] of Object.entries(files)) writeFileSync(join(dir, 'img', key), bytes);
  writeFileSync(join(dir, 't.csv'), `filename,mos\n${Object.keys(files).map((k, i) => `${k},${i + 1}`).join('\n')}\n`);
  const manifest = await importDataset('folder-csv', {
    table: join(dir, 't.csv'),
    imageRoot: join(dir, 'img'),
    facts: { name, version, mosRange: [0, 100], lowerBetter: false, provenance: { source: 'unit test', licence: 'generated' } },
  });
  if (!manifest.imagesVerified) throw new Error('unverified');
  return manifest;
}

function blobs(root: string): string[] {
  try {
    return readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(root.length + 1))
      .sort();
  } catch {
    return [];
  }
}

const keyOf = (sha256: string) => `sha256/${sha256.slice(0, 2)}/${sha256.slice(2)}`;

describe('storeVerifiedDataset leaves nothing behind when the import is refused', () => {
  it('a taken name/version with other content: CONFLICT before any new blob is written', async () => {
    const root = join(work, 'store-conflict');
    const store = new LocalArtifactStore(root);
    const first = await manifestOf('taken', { 'a.png': await png(1), 'b.png': await png(2) });
    expect((await storeVerifiedDataset(db.prisma, first, { teamId, store })).status).toBe('created');
    const before = blobs(root);
    expect(before).toHaveLength(2);

    const second = await manifestOf('taken', { 'a.png': await png(1), 'c.png': await png(3) });
    await expect(storeVerifiedDataset(db.prisma, second, { teamId, store })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(blobs(root)).toEqual(before);
  });

  it('a transaction that fails after the blobs were stored deletes exactly the blobs it created', async () => {
    const root = join(work, 'store-rollback');
    const store = new LocalArtifactStore(root);
    const kept = await manifestOf('kept', { 'a.png': await png(4) });
    await storeVerifiedDataset(db.prisma, kept, { teamId, store });
    const before = blobs(root);

    const failing = await manifestOf('failing', { 'a.png': await png(4), 'n1.png': await png(5), 'n2.png': await png(6) });
    // PostgreSQL refuses NUL bytes in text: the transaction fails after every blob is stored.
    const broken = { ...failing, images: failing.images.map((i, n) => (n === 2 ? { ...i, key: 'bad\u0000key.png' } : i)) };
    await expect(storeVerifiedDataset(db.prisma, broken, { teamId, store })).rejects.toThrow();
    expect(blobs(root)).toEqual(before);
    expect(await db.prisma.dataset.count({ where: { name: 'failing' } })).toBe(0);
  });

  it('keeps a blob it created if another import references it by the time it cleans up', async () => {
    const root = join(work, 'store-race');
    const local = new LocalArtifactStore(root);
    const racing = await manifestOf('racing', { 'r.png': await png(7) });
    const sha256 = racing.images[0]!.sha256;
    // Another team's import of the same bytes commits between this put and the failed transaction.
    const store: ArtifactStore = {
      describe: () => local.describe(),
      has: (key) => local.has(key),
      putBytes: (bytes) => local.putBytes(bytes),
      getBytes: (key) => local.getBytes(key),
      delete: (key) => local.delete(key),
      putFile: async (source, expected) => {
        const stored = await local.putFile(source, expected);
        await db.prisma.artifact.create({ data: { teamId: otherTeamId, kind: 'IMAGE', sha256, key: stored.key, sizeBytes: BigInt(stored.sizeBytes), mediaType: 'image/png' } });
        return stored;
      },
    };
    const broken = { ...racing, images: [...racing.images, { ...racing.images[0]!, key: 'x\u0000.png' }] };
    await expect(storeVerifiedDataset(db.prisma, broken, { teamId, store })).rejects.toThrow();
    expect(blobs(root)).toEqual([keyOf(sha256)]);
  });
});

describe('storeVerifiedDataset records what the importer found', () => {
  it('stores the media type of the sniffed format, not of the extension', async () => {
    const store = new LocalArtifactStore(join(work, 'store-media'));
    const manifest = await manifestOf('media', { 'photo.jpg': await png(8) });
    expect(manifest.images[0]?.format).toBe('png');
    await storeVerifiedDataset(db.prisma, manifest, { teamId, store });
    const artifact = await db.prisma.artifact.findFirstOrThrow({ where: { teamId, sha256: manifest.images[0]!.sha256 }, select: { mediaType: true } });
    expect(artifact.mediaType).toBe('image/png');
  });

  it('warns about colour-profile conversions and lists them in the provenance', async () => {
    const store = new LocalArtifactStore(join(work, 'store-icc'));
    const base = await manifestOf('profiled', { 'wide.png': await png(9), 'plain.png': await png(10) });
    const manifest = { ...base, images: base.images.map((i) => (i.key === 'wide.png' ? { ...i, convertedFromProfile: 'Adobe RGB (1998)' } : i)) };
    const warnings: string[] = [];
    const outcome = await storeVerifiedDataset(db.prisma, manifest, { teamId, store, onWarning: (line) => warnings.push(line) });
    expect(warnings).toEqual([
      'warning: 1 image has an embedded colour profile and is converted to sRGB whenever decoded (import check, attacks, training); recorded in the dataset provenance: wide.png (Adobe RGB (1998))',
    ]);
    const row = await db.prisma.dataset.findUniqueOrThrow({ where: { id: outcome.datasetId }, select: { provenance: true } });
    expect(row.provenance).toEqual({ url: null, colourConversions: [{ key: 'wide.png', from: 'Adobe RGB (1998)' }] });
  });

  it('summarises long conversion lists in one line', () => {
    const many = Array.from({ length: 7 }, (_, i) => ({ key: `k${i}.jpg`, from: 'Display P3' }));
    const line = colourConversionWarning(many)!;
    expect(line).toMatch(/^warning: 7 images have .*k0\.jpg \(Display P3\), .*k4\.jpg \(Display P3\), … and 2 more$/);
    expect(line).not.toContain('\n');
    expect(colourConversionWarning([])).toBeNull();
  });
});

describe('artifactStore and the import limits come from the environment', () => {
  it('keeps the old default folder, and selects S3 by variable', () => {
    expect((artifactStore({ RANKFALL_STATE_DIR: stateDir() }) as LocalArtifactStore).root).toBe(resolve(stateDir(), 'artifacts'));
    expect((artifactStore({ RANKFALL_STATE_DIR: '/srv/rankfall' }) as LocalArtifactStore).root).toBe('/srv/rankfall/artifacts');
    const s3 = artifactStore({ RANKFALL_ARTIFACT_STORE: 's3', RANKFALL_S3_BUCKET: 'team-blobs', RANKFALL_S3_ENDPOINT: 'http://127.0.0.1:9', RANKFALL_S3_FORCE_PATH_STYLE: 'true' });
    expect(s3).toBeInstanceOf(S3ArtifactStore);
    (s3 as S3ArtifactStore).destroy();
    expect(() => artifactStore({ RANKFALL_ARTIFACT_STORE: 'ftp' })).toThrow(DbError);
  });

  it('RANKFALL_MAX_TABLE_ROWS: default 50 000, a number, or a one-line error naming it', () => {
    expect(datasetImportLimits({})).toEqual({ maxRows: 50_000 });
    expect(datasetImportLimits({ RANKFALL_MAX_TABLE_ROWS: '200000' })).toEqual({ maxRows: 200_000 });
    expect(() => datasetImportLimits({ RANKFALL_MAX_TABLE_ROWS: 'lots' })).toThrow(/^RANKFALL_MAX_TABLE_ROWS: expected a positive whole number/);
    expect(() => datasetImportLimits({ RANKFALL_MAX_TABLE_ROWS: '-5' })).toThrow(/RANKFALL_MAX_TABLE_ROWS/);
  });
});
