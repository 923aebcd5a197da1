import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { artifactKeysInUse, checkDatasetImport, importDataset, listDatasets, type DatasetImportInput } from './datasets.repository';

let db: TestDatabase;
let teamId: string;
beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_datasets' });
  teamId = (await db.prisma.team.create({ data: { slug: 'ds', name: 'Datasets' } })).id;
});
afterAll(async () => {
  await db?.drop();
});

function image(key: string, sha: string, mos: number) {
  return { key, sha256: sha.repeat(64).slice(0, 64), width: 64, height: 48, mos, mosStd: 0.5, split: 'test' as const, artifact: { key: `sha256/${sha}`, sizeBytes: 100, mediaType: 'image/png' } };
}

function input(overrides: Partial<DatasetImportInput> = {}): DatasetImportInput {
  return {
    teamId,
    name: 'tiny',
    version: '1',
    format: 'folder-csv',
    lowerBetter: false,
    mosRange: [0, 100],
    provenance: { source: 'unit test', licence: 'generated' },
    images: [image('a.png', 'a', 10), image('b.png', 'b', 20), image('c.png', 'a', 30)],
    ...overrides,
  };
}

describe('importDataset', () => {
  it('creates the dataset, its images and one artifact per distinct content', async () => {
    const outcome = await importDataset(db.prisma, input());
    expect(outcome).toMatchObject({ status: 'created', imageCount: 3 });
    expect(await db.prisma.image.count({ where: { datasetId: outcome.datasetId } })).toBe(3);
    expect(await db.prisma.artifact.count({ where: { teamId, kind: 'IMAGE' } })).toBe(2);
    expect((await listDatasets(db.prisma, teamId)).map((d) => [d.name, d.imageCount])).toEqual([['tiny', 3]]);
  });

  it('changes nothing when the same import runs again', async () => {
    const again = await importDataset(db.prisma, input({ images: [...input().images].reverse() }));
    expect(again.status).toBe('unchanged');
    expect(await db.prisma.image.count()).toBe(3);
  });

  it('refuses different content under the same version, naming it', async () => {
    await expect(importDataset(db.prisma, input({ images: [image('a.png', 'a', 11)] }))).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('version 1 already exists'),
    });
  });

  it('refuses duplicate keys and leaves nothing half-written when a row fails', async () => {
    await expect(importDataset(db.prisma, input({ version: '2', images: [image('x.png', 'd', 1), image('x.png', 'e', 2)] }))).rejects.toMatchObject({ code: 'CONFLICT' });
    // PostgreSQL refuses NUL bytes in text: the second row fails after the dataset row was written.
    const broken = image('z\u0000.png', 'f', 5);
    await expect(importDataset(db.prisma, input({ version: '3', images: [image('y.png', 'e', 1), broken] }))).rejects.toThrow();
    expect(await db.prisma.dataset.count({ where: { version: { in: ['2', '3'] } } })).toBe(0);
    expect(await db.prisma.image.count()).toBe(3);
    expect(await db.prisma.artifact.count()).toBe(2);
  });
});

describe('checkDatasetImport (before any blob is stored)', () => {
  it('says new, unchanged, or throws CONFLICT exactly as importDataset would', async () => {
    expect(await checkDatasetImport(db.prisma, { ...input(), version: 'never-imported' })).toBeNull();
    expect(await checkDatasetImport(db.prisma, input())).toMatchObject({ status: 'unchanged', imageCount: 3 });
    await expect(checkDatasetImport(db.prisma, input({ images: [image('a.png', 'a', 99)] }))).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('version 1 already exists'),
    });
  });
});

describe('artifactKeysInUse', () => {
  it('returns the keys some artifact row references, whatever the team', async () => {
    const other = (await db.prisma.team.create({ data: { slug: 'ds-other', name: 'Other' } })).id;
    await importDataset(db.prisma, input({ teamId: other, name: 'elsewhere', images: [image('q.png', 'c', 1)] }));
    const used = await artifactKeysInUse(db.prisma, ['sha256/a', 'sha256/c', 'sha256/unused']);
    expect([...used].sort()).toEqual(['sha256/a', 'sha256/c']);
    expect(await artifactKeysInUse(db.prisma, [])).toEqual(new Set());
  });
});

describe('importDataset provenance', () => {
  it('records the images converted to sRGB on decode in the provenance JSON', async () => {
    const outcome = await importDataset(
      db.prisma,
      input({ name: 'profiled', provenance: { source: 'unit test', licence: 'generated', colourConversions: [{ key: 'b.png', from: 'Adobe RGB (1998)' }] } }),
    );
    const row = await db.prisma.dataset.findUniqueOrThrow({ where: { id: outcome.datasetId }, select: { provenance: true } });
    expect(row.provenance).toEqual({ url: null, colourConversions: [{ key: 'b.png', from: 'Adobe RGB (1998)' }] });
    const plain = await importDataset(db.prisma, input({ name: 'plain' }));
    expect((await db.prisma.dataset.findUniqueOrThrow({ where: { id: plain.datasetId }, select: { provenance: true } })).provenance).toEqual({ url: null });
  });
});
