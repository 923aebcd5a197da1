import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end tests: a real Chromium (Debian's, RANKFALL_CHROMIUM) against the real API and the built
 * dashboard (`next start`), on a database of their own (DATABASE_URL's server, database
 * `rankfall_e2e_<pid>`, created by the API at start and dropped in the global teardown).
 * Run through `npm test` (which provides DATABASE_URL) or `npx nx e2e e2e` with DATABASE_URL set.
 */
const root = resolve(import.meta.dirname, '..');
const serverUrl = process.env['DATABASE_URL'];
if (!serverUrl) throw new Error('e2e needs DATABASE_URL (npm test starts the embedded PostgreSQL and sets it)');
const databaseName = process.env['RANKFALL_E2E_DATABASE'] ?? `rankfall_e2e_${process.pid}`;
process.env['RANKFALL_E2E_DATABASE'] = databaseName;
const parsedUrl = new URL(serverUrl);
parsedUrl.pathname = `/${databaseName}`;
const databaseUrl = parsedUrl.toString();
process.env['RANKFALL_E2E_DATABASE_URL'] = databaseUrl;
const apiPort = Number(process.env['RANKFALL_E2E_API_PORT'] ?? 4100);
const webPort = Number(process.env['RANKFALL_E2E_WEB_PORT'] ?? 3100);
// One artifact store for the API, the worker and the global setup's seed (removed in the global teardown).
const artifactDir = process.env['RANKFALL_E2E_ARTIFACT_DIR'] ?? resolve(tmpdir(), `rankfall-e2e-${process.pid}`, 'artifacts');
process.env['RANKFALL_E2E_ARTIFACT_DIR'] = artifactDir;
process.env['RANKFALL_E2E_API_URL'] = `http://127.0.0.1:${apiPort}/graphql`;

export default defineConfig({
  testDir: './src',
  testMatch: '**/*.e2e.ts',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: resolve(root, 'reports/playwright/results.json') }]],
  outputDir: resolve(root, 'reports/playwright/artifacts'),
  globalSetup: './src/support/global-setup.ts',
  globalTeardown: './src/support/global-teardown.ts',
  use: {
    baseURL: `http://127.0.0.1:${webPort}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: process.env['RANKFALL_CHROMIUM'] ?? '/usr/bin/chromium',
          args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'],
        },
      },
    },
  ],
  webServer: [
    {
      name: 'api',
      command: `node --import tsx apps/api/src/main.ts`,
      cwd: root,
      url: `http://127.0.0.1:${apiPort}/healthz`,
      env: { ...process.env, DATABASE_URL: databaseUrl, RANKFALL_ARTIFACT_DIR: artifactDir, RANKFALL_API_PORT: String(apiPort), RANKFALL_WEB_ORIGIN: `http://127.0.0.1:${webPort}` } as Record<string, string>,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'pipe',
    },
    {
      name: 'web',
      command: `node ${resolve(root, 'node_modules/next/dist/bin/next')} start --port ${webPort} --hostname 127.0.0.1`,
      cwd: resolve(root, 'apps/web'),
      url: `http://127.0.0.1:${webPort}`,
      env: { ...process.env, RANKFALL_API_URL: `http://127.0.0.1:${apiPort}/graphql`, NEXT_TELEMETRY_DISABLED: '1' } as Record<string, string>,
      reuseExistingServer: false,
      timeout: 120_000,
    },
    {
      // The worker serves no port: Playwright waits for its start-up line (it starts after the API created and migrated the database).
      name: 'worker',
      command: `node --import tsx apps/worker/src/main.ts`,
      cwd: root,
      wait: { stdout: /Rankfall worker \S+ running/ },
      env: { ...process.env, DATABASE_URL: databaseUrl, RANKFALL_ARTIFACT_DIR: artifactDir, RANKFALL_WORKER_NAME: 'e2e', RANKFALL_WORKER_CONCURRENCY: '1' } as Record<string, string>,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'pipe',
    },
  ],
});
