import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { countLiveWorkers, rankfallHome, type PrismaClient } from '@rankfall/db';
import { CliError } from '../cli-error';

export interface WorkerChild {
  readonly pid: number;
  stop(): Promise<void>;
}

/** The worker entry point, run with Node and tsx from the checkout (as `rankfall worker` does). */
export function workerEntry(): string[] {
  return ['--import', 'tsx', resolve(rankfallHome(), 'apps/worker/src/main.ts')];
}

/**
 * Starts a background worker for this command when none is alive on the database (a run created with
 * --wait must make progress); returns null when one already runs (here or on another machine). The child
 * is stopped (SIGTERM to its process group) when the command ends; it also dies with its parent.
 */
export async function ensureWorker(prisma: PrismaClient, options: { databaseUrl: string; env: NodeJS.ProcessEnv; out: (line: string) => void }): Promise<WorkerChild | null> {
  const live = await countLiveWorkers(prisma);
  if (live > 0) {
    options.out(`    ${live} worker${live === 1 ? '' : 's'} already running on this database: the run is theirs`);
    return null;
  }
  options.out('    no worker is running on this database: starting one for this command (run `rankfall worker` to keep one running)');
  const child = spawn(process.execPath, workerEntry(), { cwd: rankfallHome(), env: { ...options.env, DATABASE_URL: options.databaseUrl }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const lines: string[] = [];
  const exited = new Promise<number | null>((res) => child.once('exit', (code, signal) => res(code ?? (signal ? 128 : null))));
  const ready = new Promise<void>((res, rej) => {
    const onLine = (line: string) => {
      lines.push(line);
      if (lines.length > 50) lines.shift();
      if (/Rankfall worker .* running/.test(line)) res();
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    void exited.then((code) => rej(new CliError('FAILED', `the worker exited (${code}) before it was ready:\n${lines.slice(-10).join('\n')}`)));
  });
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      /* already gone */
    }
  };
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);
  await ready;
  return {
    pid: child.pid ?? 0,
    async stop() {
      process.removeListener('exit', onExit);
      killGroup('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
