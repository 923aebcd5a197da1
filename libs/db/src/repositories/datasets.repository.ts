import { DbError } from '../db-error';
import type { ArtifactKind, Split } from '../generated/prisma/client';
import type { Db, PrismaClient } from '../prisma-client';
import { withTransaction } from '../transaction';

/** One image of a validated import (produced by an importer in libs/datasets, checksummed). */
export interface DatasetImportImage {
  key: string;
  sha256: string;
  width: number;
  height: number;
  mos: number;
  mosStd?: number | null;
  split?: 'train' | 'val' | 'test' | null;
  /** Where the bytes are in the artifact store (already stored by the caller). */
  artifact: { key: string; sizeBytes: number; mediaType: string };
}

export interface DatasetImportInput {
  teamId: string;
  createdById?: string | null;
  name: string;
  version: string;
  description?: string | null;
  format: string;
  lowerBetter: boolean;
  mosRange: readonly [number, number];
  provenance: {
    source: string;
    licence: string;
    url?: string | null;
    labelTransform?: string | null;
    /**
     * Images whose stored bytes carry a colour profile that decoding converts to sRGB (`from`: the
     * profile's description). Kept in the dataset's provenance JSON as `colourConversions`.
     */
    colourConversions?: ReadonlyArray<{ key: string; from: string }>;
  };
  images: readonly DatasetImportImage[];
}

/** What `checkDatasetImport` needs: the identity of the dataset and its labelled images. */
export type DatasetImportPreview = Pick<DatasetImportInput, 'teamId' | 'name' | 'version'> & { images: ReadonlyArray<{ key: string; sha256: string; mos: number }> };

export type DatasetImportOutcome = { status: 'created'; datasetId: string; imageCount: number } | { status: 'unchanged'; datasetId: string; imageCount: number };

const SPLITS: Record<'train' | 'val' | 'test', Split> = { train: 'TRAIN', val: 'VAL', test: 'TEST' };

function fingerprint(images: ReadonlyArray<{ key: string; sha256: string; mos: number }>): string {
  return images
    .map((image) => `${image.key}\u0000${image.sha256}\u0000${image.mos}`)
    .sort()
    .join('\n');
}

function conflict(input: Pick<DatasetImportInput, 'name' | 'version'>): DbError {
  return new DbError('CONFLICT', `Dataset "${input.name}" version ${input.version} already exists with different images or scores: import it under a new --version`);
}

async function existingOutcome(db: Db, input: DatasetImportPreview): Promise<DatasetImportOutcome | null> {
  const existing = await db.dataset.findUnique({
    where: { teamId_name_version: { teamId: input.teamId, name: input.name, version: input.version } },
    select: { id: true, images: { select: { key: true, sha256: true, mos: true } } },
  });
  if (!existing) return null;
  if (fingerprint(existing.images) === fingerprint(input.images)) return { status: 'unchanged', datasetId: existing.id, imageCount: existing.images.length };
  throw conflict(input);
}

/**
 * Says, before anything is stored, what `importDataset` would do with this content: null (it would
 * create the dataset), the `unchanged` outcome, or a `DbError('CONFLICT')` thrown for a taken
 * name/version with other content. Lets callers refuse before writing blobs; `importDataset` checks
 * again inside its transaction (another import may have won in between).
 */
export async function checkDatasetImport(db: Db, input: DatasetImportPreview): Promise<DatasetImportOutcome | null> {
  return existingOutcome(db, input);
}

/** The artifact-store keys among `keys` that some Artifact row (any team, any kind) references. */
export async function artifactKeysInUse(db: Db, keys: readonly string[]): Promise<Set<string>> {
  const used = new Set<string>();
  const BATCH = 1000;
  for (let start = 0; start < keys.length; start += BATCH) {
    const rows = await db.artifact.findMany({ where: { key: { in: keys.slice(start, start + BATCH) } }, select: { key: true }, distinct: ['key'] });
    for (const row of rows) used.add(row.key);
  }
  return used;
}

/**
 * Writes an import in ONE transaction (dataset, artifacts, images): all of it or nothing. Idempotent:
 * importing the same (team, name, version) with the same images again changes nothing; with other
 * content it is refused (import it as a new version).
 */
export async function importDataset(prisma: PrismaClient, input: DatasetImportInput): Promise<DatasetImportOutcome> {
  const keys = new Set<string>();
  for (const image of input.images) {
    if (keys.has(image.key)) throw new DbError('CONFLICT', `Image "${image.key}" appears twice in the import`);
    keys.add(image.key);
  }
  return withTransaction(
    prisma,
    async (tx) => {
      const existing = await existingOutcome(tx, input);
      if (existing) return existing;
      const dataset = await tx.dataset.create({
        data: {
          teamId: input.teamId,
          createdById: input.createdById ?? null,
          name: input.name,
          version: input.version,
          description: input.description ?? null,
          format: input.format,
          mosMin: input.mosRange[0],
          mosMax: input.mosRange[1],
          lowerBetter: input.lowerBetter,
          source: input.provenance.source,
          licence: input.provenance.licence,
          labelTransform: input.provenance.labelTransform ?? null,
          provenance: {
            url: input.provenance.url ?? null,
            ...(input.provenance.colourConversions?.length
              ? { colourConversions: input.provenance.colourConversions.map(({ key, from }) => ({ key, from })) }
              : {}),
          },
          imageCount: input.images.length,
        },
        select: { id: true },
      });
      const artifactIds = await upsertArtifacts(tx, input.teamId, 'IMAGE', input.images);
      const BATCH = 1000;
      for (let start = 0; start < input.images.length; start += BATCH) {
        await tx.image.createMany({
          data: input.images.slice(start, start + BATCH).map((image) => ({
            datasetId: dataset.id,
            key: image.key,
            sha256: image.sha256,
            width: image.width,
            height: image.height,
            mos: image.mos,
            mosStd: image.mosStd ?? null,
            split: image.split ? SPLITS[image.split] : null,
            artifactId: artifactIds.get(image.sha256) ?? null,
          })),
        });
      }
      return { status: 'created', datasetId: dataset.id, imageCount: input.images.length };
    },
    { timeout: 300_000 },
  );
}

async function upsertArtifacts(
  tx: Db,
  teamId: string,
  kind: ArtifactKind,
  images: readonly DatasetImportImage[],
): Promise<Map<string, string>> {
  const unique = new Map(images.map((image) => [image.sha256, image.artifact]));
  const shas = [...unique.keys()];
  await tx.artifact.createMany({
    data: [...unique].map(([sha256, artifact]) => ({ teamId, kind, sha256, key: artifact.key, sizeBytes: BigInt(artifact.sizeBytes), mediaType: artifact.mediaType })),
    skipDuplicates: true,
  });
  const rows = await tx.artifact.findMany({ where: { teamId, kind, sha256: { in: shas } }, select: { id: true, sha256: true } });
  return new Map(rows.map((row) => [row.sha256, row.id]));
}

export const datasetSummarySelect = {
  id: true,
  name: true,
  version: true,
  format: true,
  mosMin: true,
  mosMax: true,
  lowerBetter: true,
  source: true,
  licence: true,
  labelTransform: true,
  imageCount: true,
  createdAt: true,
} as const;

export function listDatasets(db: Db, teamId: string) {
  return db.dataset.findMany({ where: { teamId }, select: datasetSummarySelect, orderBy: { createdAt: 'desc' } });
}
