import { registerModel, type ArtifactStore, type ModelSummary, type PrismaClient } from '@rankfall/db';
import { catalogEntry } from '@rankfall/iqa-models';

/** Stores a weight file (content-addressed) and registers the catalog model for a team (idempotent). */
export async function registerModelFromFile(
  prisma: PrismaClient,
  store: ArtifactStore,
  input: { teamId: string; catalogId: string; weightsPath: string; name?: string },
): Promise<{ status: 'created' | 'unchanged'; model: ModelSummary }> {
  const entry = catalogEntry(input.catalogId);
  const stored = await store.putFile(input.weightsPath);
  return registerModel(prisma, {
    teamId: input.teamId,
    name: input.name ?? entry.id,
    catalogId: entry.id,
    architecture: entry.architecture,
    lowerBetter: entry.lowerBetter,
    scoreRange: entry.scoreRange,
    input: entry.input,
    normalization: entry.normalization,
    weights: stored,
  });
}
