import { findRun, type PrismaClient, type RunSummary } from '@rankfall/db';
import { CliError } from '../cli-error';
import { requireTeam } from './dataset-import.service';

/** The dataset (latest version unless one is given) and the registered model a run names, in one team. */
export async function resolveRunTargets(prisma: PrismaClient, input: { team: string; dataset: string; version?: string | undefined; model: string }) {
  const team = await requireTeam(prisma, input.team);
  const dataset = await prisma.dataset.findFirst({ where: { teamId: team.id, name: input.dataset, ...(input.version ? { version: input.version } : {}) }, select: { id: true, name: true, version: true }, orderBy: { createdAt: 'desc' } });
  if (!dataset) throw new CliError('FAILED', `No dataset "${input.dataset}"${input.version ? ` version ${input.version}` : ''} in team ${team.slug} (rankfall dataset list --team ${team.slug})`);
  const model = await prisma.model.findUnique({ where: { teamId_name: { teamId: team.id, name: input.model } }, select: { id: true, name: true } });
  if (!model) throw new CliError('FAILED', `No model named "${input.model}" in team ${team.slug}: register one with "rankfall model import" (rankfall model list --team ${team.slug})`);
  const owner = await prisma.membership.findFirst({ where: { teamId: team.id, role: 'OWNER' }, select: { userId: true }, orderBy: { createdAt: 'asc' } });
  return { team, dataset, model, ownerId: owner?.userId ?? null };
}

/** A run of the team by id, or a one-line error saying how to find one. */
export async function requireRun(prisma: PrismaClient, teamSlug: string, runId: string): Promise<{ teamId: string; run: RunSummary }> {
  const team = await requireTeam(prisma, teamSlug);
  const run = await findRun(prisma, team.id, runId);
  if (!run) throw new CliError('FAILED', `No run ${runId} in team ${team.slug} (rankfall run list --team ${team.slug})`);
  return { teamId: team.id, run };
}
