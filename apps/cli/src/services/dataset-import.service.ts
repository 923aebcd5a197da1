import { extname, resolve } from 'node:path';
import { DbError, importDataset as writeDataset, LocalArtifactStore, stateDir, type DatasetImportOutcome, type PrismaClient } from '@rankfall/db';
import type { VerifiedDatasetManifest } from '@rankfall/datasets';

const MEDIA_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.bmp': 'image/bmp',
  '.webp': 'image/webp',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
};

export function artifactStore(): LocalArtifactStore {
  return new LocalArtifactStore(resolve(stateDir(), 'artifacts'));
}

/** Finds a team by slug or explains how to get one. */
export async function requireTeam(prisma: PrismaClient, slug: string): Promise<{ id: string; slug: string }> {
  const team = await prisma.team.findUnique({ where: { slug }, select: { id: true, slug: true } });
  if (!team) throw new DbError('NOT_FOUND', `Team "${slug}" does not exist: run "rankfall demo --once" to create the demo team, or pass --team`);
  return team;
}

/**
 * Stores every image of a verified manifest in the content-addressed artifact store, then writes the
 * dataset in one transaction. Re-running it changes nothing (same content → same artifacts and an
 * "unchanged" outcome).
 */
export async function storeVerifiedDataset(
  prisma: PrismaClient,
  manifest: VerifiedDatasetManifest,
  options: { teamId: string; store?: LocalArtifactStore; onProgress?: (done: number, total: number) => void },
): Promise<DatasetImportOutcome> {
  const store = options.store ?? artifactStore();
  const images = [];
  for (const [index, image] of manifest.images.entries()) {
    const stored = await store.putFile(image.filePath, image.sha256);
    images.push({
      key: image.key,
      sha256: image.sha256,
      width: image.width,
      height: image.height,
      mos: image.mos,
      mosStd: image.mosStd,
      split: image.split,
      artifact: { key: stored.key, sizeBytes: stored.sizeBytes, mediaType: MEDIA_TYPES[extname(image.filePath).toLowerCase()] ?? 'application/octet-stream' },
    });
    options.onProgress?.(index + 1, manifest.images.length);
  }
  return writeDataset(prisma, {
    teamId: options.teamId,
    name: manifest.name,
    version: manifest.version,
    format: manifest.source,
    lowerBetter: manifest.lowerBetter,
    mosRange: manifest.mosRange,
    provenance: { source: manifest.provenance.source, licence: manifest.provenance.licence, url: manifest.provenance.url ?? null, labelTransform: manifest.provenance.labelTransform ?? null },
    images,
  });
}

/** Progress lines at most every 10 % (and at the end). */
export function progressPrinter(label: string, out: (line: string) => void): (done: number, total: number) => void {
  let lastDecile = -1;
  return (done, total) => {
    const decile = Math.floor((done / Math.max(total, 1)) * 10);
    if (decile !== lastDecile || done === total) {
      lastDecile = decile;
      out(`    ${label} ${done}/${total}`);
    }
  };
}
