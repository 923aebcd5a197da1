import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import pg from 'pg';

/** Drops the e2e database the API created (connections are closed by force: the servers may still be stopping) and the shared artifact store. */
export default async function globalTeardown(): Promise<void> {
  const artifactDir = process.env['RANKFALL_E2E_ARTIFACT_DIR'];
  if (artifactDir && /rankfall-e2e-/.test(artifactDir)) await rm(dirname(artifactDir), { recursive: true, force: true });
  const url = process.env['RANKFALL_E2E_DATABASE_URL'];
  const name = process.env['RANKFALL_E2E_DATABASE'];
  if (!url || !name) return;
  const admin = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, '/postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
