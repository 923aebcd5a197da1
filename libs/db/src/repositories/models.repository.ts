import { DbError } from '../db-error';
import type { Prisma } from '../generated/prisma/client';
import type { Db, PrismaClient } from '../prisma-client';
import { withTransaction } from '../transaction';

/** Facts of a model as the catalog states them (libs/iqa-models), copied onto the row. */
export interface RegisterModelInput {
  teamId: string;
  createdById?: string | null;
  name: string;
  catalogId: string;
  architecture: string;
  lowerBetter: boolean;
  scoreRange: readonly [number, number];
  input: { kind: 'any'; minSize: number } | { kind: 'fixed'; height: number; width: number } | { kind: 'patches'; patchSize: number; stride: number };
  normalization: { mean: readonly number[]; std: readonly number[] } | null;
  /** The weight file, already in the artifact store. */
  weights: { key: string; sha256: string; sizeBytes: number } | null;
}

export const modelSummarySelect = {
  id: true,
  name: true,
  catalogId: true,
  architecture: true,
  lowerBetter: true,
  scoreMin: true,
  scoreMax: true,
  weightsSha256: true,
  createdAt: true,
} as const satisfies Prisma.ModelSelect;

export type ModelSummary = Prisma.ModelGetPayload<{ select: typeof modelSummarySelect }>;

/**
 * Registers a model for a team (one transaction: weights artifact + model row). Registering the same
 * name with the same catalog id and weights again is a no-op; a different one under the same name is
 * refused.
 */
export async function registerModel(prisma: PrismaClient, input: RegisterModelInput): Promise<{ status: 'created' | 'unchanged'; model: ModelSummary }> {
  return withTransaction(prisma, async (tx) => {
    const existing = await tx.model.findUnique({ where: { teamId_name: { teamId: input.teamId, name: input.name } }, select: modelSummarySelect });
    if (existing) {
      if (existing.catalogId === input.catalogId && existing.weightsSha256 === (input.weights?.sha256 ?? null)) return { status: 'unchanged', model: existing };
      throw new DbError('CONFLICT', `A model named "${input.name}" already exists with other weights or another catalog entry: choose another --name`);
    }
    let weightsArtifactId: string | null = null;
    if (input.weights) {
      const artifact = await tx.artifact.upsert({
        where: { teamId_kind_sha256: { teamId: input.teamId, kind: 'WEIGHTS', sha256: input.weights.sha256 } },
        create: { teamId: input.teamId, kind: 'WEIGHTS', sha256: input.weights.sha256, key: input.weights.key, sizeBytes: BigInt(input.weights.sizeBytes), mediaType: 'application/octet-stream' },
        update: {},
        select: { id: true },
      });
      weightsArtifactId = artifact.id;
    }
    const model = await tx.model.create({
      data: {
        teamId: input.teamId,
        createdById: input.createdById ?? null,
        name: input.name,
        catalogId: input.catalogId,
        architecture: input.architecture,
        lowerBetter: input.lowerBetter,
        scoreMin: input.scoreRange[0],
        scoreMax: input.scoreRange[1],
        inputKind: input.input.kind,
        inputHeight: input.input.kind === 'fixed' ? input.input.height : null,
        inputWidth: input.input.kind === 'fixed' ? input.input.width : null,
        patchSize: input.input.kind === 'patches' ? input.input.patchSize : null,
        normalization: input.normalization ? { mean: [...input.normalization.mean], std: [...input.normalization.std] } : undefined,
        weightsArtifactId,
        weightsSha256: input.weights?.sha256 ?? null,
      },
      select: modelSummarySelect,
    });
    return { status: 'created', model };
  });
}

export function listModels(db: Db, teamId: string): Promise<ModelSummary[]> {
  return db.model.findMany({ where: { teamId }, select: modelSummarySelect, orderBy: { createdAt: 'desc' } });
}
