import { registerModel, type ArtifactStore, type ModelSummary, type PrismaClient } from '@rankfall/db';
import { catalogEntry } from '@rankfall/iqa-models';

/** Registers a catalog model for a team with weights already in the store, copying the catalog's facts (idempotent). */
export function registerCatalogModel(
  prisma: PrismaClient,
  input: { teamId: string; createdById?: string | null; catalogId: string; name?: string; weights: { key: string; sha256: string; sizeBytes: number } },
): Promise<{ status: 'created' | 'unchanged'; model: ModelSummary }> {
  const entry = catalogEntry(input.catalogId);
  return registerModel(prisma, {
    teamId: input.teamId,
    createdById: input.createdById ?? null,
    name: input.name ?? entry.id,
    catalogId: entry.id,
    architecture: entry.architecture,
    lowerBetter: entry.lowerBetter,
    scoreRange: entry.scoreRange,
    input: entry.input,
    normalization: entry.normalization,
    weights: input.weights,
  });
}

/** Stores a weight file (content-addressed) and registers the catalog model for a team (idempotent). */
export async function registerModelFromFile(
  prisma: PrismaClient,
  store: ArtifactStore,
  input: { teamId: string; catalogId: string; weightsPath: string; name?: string },
): Promise<{ status: 'created' | 'unchanged'; model: ModelSummary }> {
  const stored = await store.putFile(input.weightsPath);
  return registerCatalogModel(prisma, { teamId: input.teamId, catalogId: input.catalogId, ...(input.name ? { name: input.name } : {}), weights: stored });
}
