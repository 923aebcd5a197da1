import { artifactKeysInUse, checkDatasetImport, importDataset as writeDataset, type ArtifactStore, type DatasetImportImage, type DatasetImportOutcome, type PrismaClient } from '@rankfall/db';
import { IMAGE_MEDIA_TYPES, type VerifiedDatasetManifest } from '@rankfall/datasets';

/** The warning line for images whose colour profile decoding converts to sRGB; null when there are none. */
export function colourConversionWarning(conversions: ReadonlyArray<{ key: string; from: string }>): string | null {
  if (conversions.length === 0) return null;
  const shown = conversions
    .slice(0, 5)
    .map((c) => `${c.key} (${c.from})`)
    .join(', ');
  const more = conversions.length > 5 ? `, … and ${conversions.length - 5} more` : '';
  const n = conversions.length;
  return `warning: ${n} image${n === 1 ? ' has' : 's have'} an embedded colour profile and ${n === 1 ? 'is' : 'are'} converted to sRGB whenever decoded (import check, attacks, training); recorded in the dataset provenance: ${shown}${more}`;
}

/**
 * Stores every image of a verified manifest in the content-addressed artifact store, then writes the
 * dataset in one transaction. Re-running it changes nothing (same content → same artifacts and an
 * "unchanged" outcome). A taken name/version with other content is refused before any blob is
 * written; if the transaction still fails (another import won the race, a database error), the blobs
 * this call created are deleted again unless an artifact row references them by then, so a refused
 * import leaves nothing behind (blobs that existed before are never touched).
 */
export async function storeVerifiedDataset(
  prisma: PrismaClient,
  manifest: VerifiedDatasetManifest,
  options: {
    teamId: string;
    store: ArtifactStore;
    onProgress?: (done: number, total: number) => void;
    /** Warning lines (colour-profile conversions); default: standard error. */
    onWarning?: (line: string) => void;
  },
): Promise<DatasetImportOutcome> {
  const store = options.store;
  const warn = options.onWarning ?? ((line: string) => process.stderr.write(`${line}\n`));
  const identity = { teamId: options.teamId, name: manifest.name, version: manifest.version };
  const colourConversions = manifest.images.flatMap((image) => (image.convertedFromProfile ? [{ key: image.key, from: image.convertedFromProfile }] : []));
  const warning = colourConversionWarning(colourConversions);
  if (warning) warn(warning);

  await checkDatasetImport(prisma, { ...identity, images: manifest.images });

  const created: string[] = [];
  try {
    const images: DatasetImportImage[] = [];
    for (const [index, image] of manifest.images.entries()) {
      const stored = await store.putFile(image.filePath, image.sha256);
      if (stored.created) created.push(stored.key);
      images.push({
        key: image.key,
        sha256: image.sha256,
        width: image.width,
        height: image.height,
        mos: image.mos,
        mosStd: image.mosStd,
        split: image.split,
        artifact: { key: stored.key, sizeBytes: stored.sizeBytes, mediaType: IMAGE_MEDIA_TYPES[image.format] },
      });
      options.onProgress?.(index + 1, manifest.images.length);
    }
    return await writeDataset(prisma, {
      ...identity,
      format: manifest.source,
      lowerBetter: manifest.lowerBetter,
      mosRange: manifest.mosRange,
      provenance: {
        source: manifest.provenance.source,
        licence: manifest.provenance.licence,
        url: manifest.provenance.url ?? null,
        labelTransform: manifest.provenance.labelTransform ?? null,
        colourConversions,
      },
      images,
    });
  } catch (error) {
    await removeUnreferencedBlobs(prisma, store, created);
    throw error;
  }
}

/** Best effort: deletes the blobs a failed import created, except those an artifact row references. */
async function removeUnreferencedBlobs(prisma: PrismaClient, store: ArtifactStore, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  try {
    const inUse = await artifactKeysInUse(prisma, keys);
    for (const key of keys) if (!inUse.has(key)) await store.delete(key);
  } catch {
    // The import's own error is the one to report; leftover blobs are harmless (content-addressed).
  }
}

