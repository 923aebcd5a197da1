/**
 * `npm test`: every check and every test of the repository, then one closing line
 * `N passed, N failed, N skipped` summed over all test runners (Vitest per project, Playwright e2e).
 *
 * - Uses DATABASE_URL when set; otherwise starts the embedded PostgreSQL in .rankfall/test-postgres
 *   (port RANKFALL_TEST_PG_PORT, default 54329) for the whole run and stops it at the end.
 * - Runs lint and typecheck of every project first (a failure there counts as one failed check).
 * - Runs the Playwright e2e suite when e2e/ has tests and a Chromium is found
 *   (RANKFALL_CHROMIUM or /usr/bin/chromium); otherwise says why it is skipped (in CI it fails).
 *
 * Flags: --skip-checks (tests only), --skip-e2e, --projects=a,b (Vitest projects to run).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../libs/db/src/embedded/embedded-postgres-server';

const root = resolve(import.meta.dirname, '../..');
const reportsDir = resolve(root, 'reports');

const { values: flags } = parseArgs({
  options: {
    'skip-checks': { type: 'boolean', default: false },
    'skip-e2e': { type: 'boolean', default: false },
    projects: { type: 'string' },
  },
});

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolveExit) => {
    const child = spawn(command, args, { cwd: root, env, stdio: 'inherit' });
    child.on('error', (error) => {
      console.error(`[test] cannot start ${command}: ${error.message}`);
      resolveExit(127);
    });
    child.on('close', (code, signal) => resolveExit(code ?? (signal ? 128 : 1)));
  });
}

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests?: number;
  testResults: Array<{ name: string; status: string; message?: string; assertionResults: unknown[] }>;
}

function vitestCounts(): { counts: Counts; projects: string[] } {
  const dir = resolve(reportsDir, 'vitest');
  const counts: Counts = { passed: 0, failed: 0, skipped: 0 };
  const projects: string[] = [];
  if (!existsSync(dir)) return { counts, projects };
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json')).sort()) {
    const report = JSON.parse(readFileSync(resolve(dir, file), 'utf8')) as VitestReport;
    projects.push(file.replace(/\.json$/, ''));
    counts.passed += report.numPassedTests;
    counts.failed += report.numFailedTests;
    counts.skipped += report.numPendingTests + (report.numTodoTests ?? 0);
    // A test file that failed to load has no test results: count it as one failure.
    for (const suite of report.testResults) {
      if (suite.status === 'failed' && suite.assertionResults.length === 0) {
        counts.failed += 1;
        console.error(`[test] ${suite.name} failed to run: ${suite.message?.split('\n')[0] ?? ''}`);
      }
    }
  }
  return { counts, projects };
}

interface PlaywrightReport {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
}

function playwrightCounts(): Counts | null {
  const file = resolve(reportsDir, 'playwright', 'results.json');
  if (!existsSync(file)) return null;
  const { stats } = JSON.parse(readFileSync(file, 'utf8')) as PlaywrightReport;
  return { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped };
}

function findChromium(): string | null {
  const candidates = [process.env['RANKFALL_CHROMIUM'], '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  return candidates.find((candidate) => existsSync(candidate)) ?? null;
}

function e2eTestsExist(): boolean {
  const dir = resolve(root, 'e2e', 'src');
  return existsSync(dir) && readdirSync(dir).some((name) => name.endsWith('.e2e.ts'));
}

async function main(): Promise<number> {
  rmSync(reportsDir, { recursive: true, force: true });
  const env: NodeJS.ProcessEnv = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NEXT_TELEMETRY_DISABLED: '1' };
  const nx = [resolve(root, 'node_modules/nx/dist/bin/nx.js')];
  let embedded: EmbeddedPostgresHandle | null = null;
  let checksFailed = 0;
  const notes: string[] = [];
  let runnerExitFailures = 0;

  try {
    if (!env['DATABASE_URL']) {
      console.log('[test] DATABASE_URL is not set: starting the embedded PostgreSQL for the tests');
      embedded = await startEmbeddedPostgres({
        dir: resolve(root, '.rankfall/test-postgres'),
        port: Number(env['RANKFALL_TEST_PG_PORT'] ?? 54329),
        database: 'postgres',
      });
      env['DATABASE_URL'] = embedded.url;
    }

    if (!flags['skip-checks']) {
      console.log('[test] lint and typecheck');
      const code = await run(process.execPath, [...nx, 'run-many', '-t', 'lint', 'typecheck', '--outputStyle=static'], env);
      if (code !== 0) {
        checksFailed = 1;
        notes.push('lint/typecheck failed (see above)');
      }
    }

    console.log('[test] unit and integration tests (Vitest, every project)');
    const projectArgs = flags.projects ? [`--projects=${flags.projects}`] : [];
    const vitestExit = await run(process.execPath, [...nx, 'run-many', '-t', 'test', '--outputStyle=static', ...projectArgs], env);
    const vitest = vitestCounts();
    if (vitestExit !== 0 && vitest.counts.failed === 0) {
      runnerExitFailures += 1;
      notes.push(`a Vitest project exited with code ${vitestExit} without a failed test in its report`);
    }

    let e2e: Counts | null = null;
    if (flags['skip-e2e']) {
      notes.push('e2e skipped (--skip-e2e)');
    } else if (!e2eTestsExist()) {
      notes.push('no e2e tests yet');
    } else {
      const chromium = findChromium();
      if (!chromium) {
        const message = 'e2e: no Chromium found (apt-get install -y chromium, or set RANKFALL_CHROMIUM)';
        if (env['CI']) {
          runnerExitFailures += 1;
          notes.push(`${message}: failing, CI must run e2e`);
        } else {
          notes.push(`${message}: skipped`);
        }
      } else {
        console.log('[test] end-to-end tests (Playwright, Chromium)');
        const e2eExit = await run(process.execPath, [...nx, 'run', 'e2e:e2e', '--outputStyle=static', '--skip-nx-cache'], { ...env, RANKFALL_CHROMIUM: chromium });
        e2e = playwrightCounts();
        if (e2eExit !== 0 && (!e2e || e2e.failed === 0)) {
          runnerExitFailures += 1;
          notes.push(`the e2e run exited with code ${e2eExit} without a failed test in its report`);
        }
      }
    }

    const total: Counts = { passed: vitest.counts.passed, failed: vitest.counts.failed + checksFailed + runnerExitFailures, skipped: vitest.counts.skipped };
    if (e2e) {
      total.passed += e2e.passed;
      total.failed += e2e.failed;
      total.skipped += e2e.skipped;
    }
    console.log('');
    console.log(`[test] vitest (${vitest.projects.length} projects): ${vitest.counts.passed} passed, ${vitest.counts.failed} failed, ${vitest.counts.skipped} skipped`);
    if (e2e) console.log(`[test] e2e: ${e2e.passed} passed, ${e2e.failed} failed, ${e2e.skipped} skipped`);
    for (const note of notes) console.log(`[test] note: ${note}`);
    console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
    return total.failed > 0 ? 1 : 0;
  } finally {
    await embedded?.stop();
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`[test] ${error instanceof Error ? error.message : String(error)}`);
  console.log('0 passed, 1 failed, 0 skipped');
  process.exitCode = 1;
}
