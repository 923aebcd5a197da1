import pg from 'pg';

/** Drops the e2e database the API created (connections are closed by force: the servers may still be stopping). */
export default async function globalTeardown(): Promise<void> {
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
