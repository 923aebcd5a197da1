import { startAppProcess, type AppProcess } from './app-process';

export type WorkerProcess = AppProcess & { readonly ready: Promise<string> };

/** Starts `apps/worker/src/main.ts` as a real process (Node + tsx), test-only; ready once it says it is running. */
export function startWorkerProcess(env: NodeJS.ProcessEnv): WorkerProcess {
  return startAppProcess('apps/worker/src/main.ts', env, /^(Rankfall worker \S+ running)/);
}
