import { cp, mkdir } from 'node:fs/promises';
import { disconnectPrisma, getPrisma } from '@rankfall/db';
import { seedRunFixtures } from '@rankfall/runs/testing';
import { seedLargeRun } from './seed-large-run';

/**
 * Runs after the web servers started (the API has created and migrated the e2e database): seeds a team with
 * a small synthetic dataset (30 images of 6 scenes, 32×32) and the bundled demo model, and copies the seed's artifacts
 * into the store the API and the worker share. The tests join their signed-up user to this team.
 */
export default async function globalSetup(): Promise<void> {
  const databaseUrl = process.env['RANKFALL_E2E_DATABASE_URL'];
  const artifactDir = process.env['RANKFALL_E2E_ARTIFACT_DIR'];
  if (!databaseUrl || !artifactDir) throw new Error('global setup: the Playwright config sets RANKFALL_E2E_DATABASE_URL and RANKFALL_E2E_ARTIFACT_DIR');
  const fixtures = await seedRunFixtures(getPrisma(databaseUrl), { references: 6, levels: 2 });
  let large: { teamId: string; runId: string };
  try {
    // A finished run of 5 000 results (no job: the worker never runs it), for the windowed image table.
    large = await seedLargeRun(getPrisma(databaseUrl), fixtures);
    await mkdir(artifactDir, { recursive: true });
    await cp(fixtures.store.root, artifactDir, { recursive: true });
  } finally {
    await fixtures.cleanup();
    await disconnectPrisma();
  }
  process.env['RANKFALL_E2E_TEAM_ID'] = fixtures.teamId;
  process.env['RANKFALL_E2E_TEAM_SLUG'] = fixtures.teamSlug;
  process.env['RANKFALL_E2E_DATASET_ID'] = fixtures.datasetId;
  process.env['RANKFALL_E2E_MODEL_ID'] = fixtures.modelId;
  process.env['RANKFALL_E2E_LARGE_TEAM_ID'] = large.teamId;
  process.env['RANKFALL_E2E_LARGE_RUN_ID'] = large.runId;
}
