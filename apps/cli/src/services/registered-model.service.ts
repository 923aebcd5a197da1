import type { LocalArtifactStore, PrismaClient } from '@rankfall/db';
import { createIqaModel, type IqaModel } from '@rankfall/iqa-models';
import { CliError } from '../cli-error';

/** Builds a team's registered model from its catalog entry and its stored weights. */
export async function loadRegisteredModel(prisma: PrismaClient, store: LocalArtifactStore, teamId: string, name: string): Promise<{ id: string; model: IqaModel }> {
  const row = await prisma.model.findUnique({ where: { teamId_name: { teamId, name } }, select: { id: true, catalogId: true, weightsArtifact: { select: { key: true } } } });
  if (!row) throw new CliError('FAILED', `No model named "${name}" in this team: register one with "rankfall model import"`);
  const model = await createIqaModel(row.catalogId, row.weightsArtifact ? { weights: store.pathOf(row.weightsArtifact.key) } : {});
  return { id: row.id, model };
}
