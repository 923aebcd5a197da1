import { run, type Runner, type TaskList } from 'graphile-worker';
import { taskRegistry } from './task-registry';

export interface WorkerOptions {
  databaseUrl: string;
  concurrency: number;
  pollInterval?: number;
}

/** Starts graphile-worker on Rankfall's task registry. */
export function startWorker(options: WorkerOptions): Promise<Runner> {
  return run({
    connectionString: options.databaseUrl,
    concurrency: options.concurrency,
    pollInterval: options.pollInterval ?? 1_000,
    noHandleSignals: true,
    taskList: taskRegistry as TaskList,
  });
}
