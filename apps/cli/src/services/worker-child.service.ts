import { resolve } from 'node:path';
import { countLiveWorkers, rankfallHome, type PrismaClient } from '@rankfall/db';
import { superviseChildren } from './dashboard-processes.service';

export interface WorkerChild {
  stop(): Promise<void>;
}

/** The worker entry point, run with Node and tsx from the checkout (as `rankfall worker` does). */
export function workerEntry(): string[] {
  return ['--import', 'tsx', resolve(rankfallHome(), 'apps/worker/src/main.ts')];
}

/**
 * Starts a background worker for this command when none is alive on the database (a run created with
 * --wait must make progress); returns null when one already runs (here or on another machine). The child
 * is supervised like the demo's (own process group, dies with its parent) and stopped when the command ends.
 */
export async function ensureWorker(prisma: PrismaClient, options: { databaseUrl: string; env: NodeJS.ProcessEnv; out: (line: string) => void }): Promise<WorkerChild | null> {
  const live = await countLiveWorkers(prisma);
  if (live > 0) {
    options.out(`    ${live} worker${live === 1 ? '' : 's'} already running on this database: the run is theirs`);
    return null;
  }
  options.out('    no worker is running on this database: starting one for this command (run `rankfall worker` to keep one running)');
  const children = await superviseChildren(
    [{ name: 'worker', args: workerEntry(), cwd: rankfallHome(), env: { ...options.env, DATABASE_URL: options.databaseUrl }, ready: /^Rankfall worker\b.* running\b/ }],
    // The command's own Ctrl-C handling (stop watching) stays in charge.
    { out: options.out, handleSignals: false },
  );
  return { stop: () => children.stop() };
}
