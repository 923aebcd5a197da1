import { resolve } from 'node:path';
import { findImportRequestById, findTeamArtifact, rankfallHome, transitionImportRequest, withArtifactFile } from '@rankfall/db';
import { catalogEntry } from '@rankfall/iqa-models';
import { modelRegistrationSchema } from '../import-requests.service';
import { RunsError } from '../runs-error';
import { checkModel, isUsableForAttacks } from './model-check';
import { registerCatalogModel } from './register-model-from-file';
import type { StageContext, StageOutcome } from './stage-context';

/**
 * Job `register-model`: parses the uploaded weights with the checked readers (never executed), builds the catalog
 * model, scores a probe and takes its input gradient; only a usable model is registered (one transaction).
 */
export async function executeModelRegistration(ctx: StageContext, importId: string): Promise<StageOutcome> {
  const request = await findImportRequestById(ctx.prisma, importId);
  if (!request || request.status === 'SUCCEEDED' || request.status === 'FAILED' || request.status === 'CANCELLED') return 'skipped';
  await transitionImportRequest(ctx.prisma, importId, ['QUEUED', 'RUNNING'], 'RUNNING', { message: 'parsing and checking the weights' });
  const registration = modelRegistrationSchema.parse(request.input);
  const entry = catalogEntry(registration.catalogId);
  let weights: { key: string; sha256: string; sizeBytes: number };
  if (registration.weights.kind === 'upload') {
    const artifact = await findTeamArtifact(ctx.prisma, { id: registration.weights.artifactId, teamId: request.teamId, kind: 'WEIGHTS' });
    if (!artifact) throw new RunsError('NOT_FOUND', `the uploaded weights ${registration.weights.artifactId} are gone`);
    weights = { key: artifact.key, sha256: artifact.sha256, sizeBytes: Number(artifact.sizeBytes) };
  } else {
    if (entry.weights.source !== 'bundled') throw new RunsError('INVALID_INPUT', `model "${entry.id}" has no bundled weights: upload a weight file`, 'weights');
    weights = await ctx.store.putFile(resolve(rankfallHome(), entry.weights.path), entry.weights.sha256 ?? undefined);
  }
  const check = await withArtifactFile(ctx.store, weights.key, (path) => checkModel(entry.id, path));
  if (!isUsableForAttacks(check)) throw new RunsError('INVALID_INPUT', `the weights load but the model is not usable: probe score ${check.score}, input-gradient L1 ${check.gradientL1}`);
  const outcome = await registerCatalogModel(ctx.prisma, { teamId: request.teamId, createdById: request.createdById, catalogId: entry.id, ...(registration.name ? { name: registration.name } : {}), weights });
  await transitionImportRequest(ctx.prisma, importId, ['RUNNING'], 'SUCCEEDED', { modelId: outcome.model.id, progress: 1, message: `${outcome.status === 'created' ? 'registered' : 'already registered (unchanged)'}: probe score ${check.score.toFixed(3)}` });
  return 'done';
}
