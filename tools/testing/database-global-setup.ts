/**
 * Vitest global setup for projects with database tests: uses DATABASE_URL when set (CI, a developer's
 * server), otherwise starts the embedded PostgreSQL in .rankfall/test-postgres (port 54329 unless
 * RANKFALL_TEST_PG_PORT says otherwise) and stops it afterwards. Each test file then creates and drops
 * its own database with `createTestDatabase()` from `@rankfall/db/testing`.
 */
import { resolve } from 'node:path';
import { startEmbeddedPostgres } from '../../libs/db/src/embedded/embedded-postgres-server';

export default async function setup(): Promise<() => Promise<void>> {
  if (process.env['DATABASE_URL']) return async () => undefined;
  const server = await startEmbeddedPostgres({
    dir: resolve(import.meta.dirname, '../../.rankfall/test-postgres'),
    port: Number(process.env['RANKFALL_TEST_PG_PORT'] ?? 54329),
    database: 'postgres',
  });
  process.env['DATABASE_URL'] = server.url;
  return async () => {
    await server.stop();
  };
}
