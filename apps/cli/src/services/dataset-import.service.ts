import { createArtifactStore, DbError, type ArtifactStore, type PrismaClient } from '@rankfall/db';
import { DEFAULT_MAX_TABLE_ROWS } from '@rankfall/datasets';
import { z } from 'zod';
import { CliError } from '../cli-error';

/**
 * The artifact store the environment selects (`RANKFALL_ARTIFACT_STORE`, `RANKFALL_ARTIFACT_DIR`,
 * `RANKFALL_S3_*`; see docs/artifact-store.md). Default: `<RANKFALL_STATE_DIR or .rankfall>/artifacts`.
 */
export function artifactStore(env: NodeJS.ProcessEnv = process.env): ArtifactStore {
  return createArtifactStore(env);
}

const maxRowsSchema = z.coerce.number().int().positive();

/**
 * Import limits from the environment: `RANKFALL_MAX_TABLE_ROWS` (default `DEFAULT_MAX_TABLE_ROWS`,
 * 50 000 data rows). A bad value is a flag-style one-line error naming the variable.
 */
export function datasetImportLimits(env: NodeJS.ProcessEnv = process.env): { maxRows: number } {
  const raw = env['RANKFALL_MAX_TABLE_ROWS'];
  if (raw === undefined || raw === '') return { maxRows: DEFAULT_MAX_TABLE_ROWS };
  const parsed = maxRowsSchema.safeParse(raw);
  if (!parsed.success) throw new CliError('INVALID_FLAG', `RANKFALL_MAX_TABLE_ROWS: expected a positive whole number of rows, got "${raw.slice(0, 20)}"`);
  return { maxRows: parsed.data };
}

/** Finds a team by slug or explains how to get one. */
export async function requireTeam(prisma: PrismaClient, slug: string): Promise<{ id: string; slug: string }> {
  const team = await prisma.team.findUnique({ where: { slug }, select: { id: true, slug: true } });
  if (!team) throw new DbError('NOT_FOUND', `Team "${slug}" does not exist: run "rankfall demo --once" to create the demo team, or pass --team`);
  return team;
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
