import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { rankfallHome } from '@rankfall/db';

export interface DashboardProcesses {
  apiUrl: string;
  webUrl: string;
  stop(): Promise<void>;
}

function waitForExit(child: ChildProcess): Promise<number> {
  return new Promise((resolveExit) => {
    if (child.exitCode !== null) resolveExit(child.exitCode);
    else child.once('exit', (code) => resolveExit(code ?? 0));
  });
}

async function waitForUrl(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with code ${child.exitCode}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/**
 * Serves the API and the dashboard for the demo: builds the dashboard once (`next build`, when no build
 * exists), then runs `next start` and the API as child processes on the demo database.
 */
export async function startDashboard(options: { databaseUrl: string; apiPort: number; webPort: number; out: (line: string) => void }): Promise<DashboardProcesses> {
  const home = rankfallHome();
  // The CLI never imports Next (module boundaries); it runs Next's own launcher as a child process.
  const next = resolve(home, 'node_modules', 'next', 'dist', 'bin', 'next');
  if (!existsSync(next)) throw new Error(`Next.js is not installed at ${next}: run npm install`);
  const webDir = resolve(home, 'apps/web');
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  if (!existsSync(resolve(webDir, '.next', 'BUILD_ID'))) {
    options.out('    building the dashboard once (next build)…');
    const build = spawn(process.execPath, [next, 'build'], { cwd: webDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    build.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    build.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    if ((await waitForExit(build)) !== 0) throw new Error(`next build failed:\n${log.split('\n').slice(-15).join('\n')}`);
  }
  const apiUrl = `http://127.0.0.1:${options.apiPort}/graphql`;
  const webUrl = `http://127.0.0.1:${options.webPort}`;
  const api = spawn(process.execPath, ['--import', 'tsx', resolve(home, 'apps/api/src/main.ts')], {
    cwd: home,
    env: { ...env, DATABASE_URL: options.databaseUrl, RANKFALL_API_PORT: String(options.apiPort), RANKFALL_WEB_ORIGIN: webUrl },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const web = spawn(process.execPath, [next, 'start', '--port', String(options.webPort), '--hostname', '127.0.0.1'], {
    cwd: webDir,
    env: { ...env, RANKFALL_API_URL: apiUrl },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = async () => {
    for (const child of [web, api]) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all([waitForExit(web), waitForExit(api)]);
  };
  try {
    await waitForUrl(`http://127.0.0.1:${options.apiPort}/healthz`, api, 60_000);
    await waitForUrl(webUrl, web, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { apiUrl, webUrl, stop };
}
