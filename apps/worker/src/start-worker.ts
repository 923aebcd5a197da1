import { hostname } from 'node:os';
import { selectBackend } from '@rankfall/attack-runner';
import { createPrismaClient, type ArtifactStore } from '@rankfall/db';
import { ModelCache, type ImportLimits, type StageContext } from '@rankfall/runs/stages';
import { run, type Runner, type TaskList, type WorkerEvents } from 'graphile-worker';
import { EventEmitter } from 'node:events';
import pg from 'pg';
import { createTaskRegistry } from './task-registry';
import { startWorkerLiveness } from './worker-liveness';

export interface WorkerOptions {
  databaseUrl: string;
  store: ArtifactStore;
  /** Jobs this process runs at once (one wasm instance: >1 interleaves them on one core). */
  concurrency: number;
  pollInterval?: number;
  /** Identifies this process on the shards it runs (default `host:pid`). */
  workerId?: string;
  /** SMA stage 1: iterations between two checkpoints (default 5 000). */
  checkpointEvery?: number;
  /** How often to look for jobs of dead workers (ms, default 10 000). */
  rescueEvery?: number;
  /** A job locked for less than this (ms, default 15 000) is never taken from its worker. */
  rescueGraceMs?: number;
  /** Server-path dataset imports read only under this folder (null: refused); table row limit. */
  imports?: ImportLimits;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

export interface RunningWorker {
  readonly runner: Runner;
  readonly backend: string;
  readonly workerId: string;
  /** Stops taking jobs, aborts the running ones between images (they are retried by another worker), disconnects. */
  stop(): Promise<void>;
  readonly promise: Promise<void>;
}

/** Starts graphile-worker on Rankfall's tasks, with crash recovery of dead workers' jobs. */
export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const log = options.log ?? (() => undefined);
  const backend = await selectBackend({ env: options.env ?? process.env });
  const prisma = createPrismaClient(options.databaseUrl, { poolSize: options.concurrency + 3 });
  const abort = new AbortController();
  const models = new ModelCache();
  const workerId = options.workerId ?? `${hostname()}:${process.pid}`;
  const ctx: StageContext = {
    prisma,
    store: options.store,
    workerId,
    models,
    signal: abort.signal,
    checkpointEvery: options.checkpointEvery ?? 5_000,
    backend: { name: backend.backend, environment: { backend: backend.backend, tfBackend: backend.tfBackend, threads: backend.threads, node: process.version, workerId } },
    log,
  };
  const liveness = await startWorkerLiveness(options.databaseUrl, { log, graceMs: options.rescueGraceMs ?? 15_000 });
  const events: WorkerEvents = new EventEmitter() as WorkerEvents;
  const holds: Promise<void>[] = [];
  events.on('worker:create', ({ worker }) => {
    holds.push(liveness.hold(worker.workerId).catch((error: Error) => log(`cannot mark worker ${worker.workerId} alive: ${error.message}`)));
  });
  // The queue's own pool, with an error listener that lives as long as the pool: graphile-worker detaches its
  // listeners when it stops, and a connection the server terminates after that (a database restart or shutdown
  // racing the worker's own stop) would otherwise be an unhandled 'error' event that crashes the process.
  const pgPool = new pg.Pool({ connectionString: options.databaseUrl, max: options.concurrency + 4 });
  pgPool.on('error', (error) => log(`queue connection lost (${error.message}); graphile-worker reconnects`));
  const runner = await run({
    pgPool,
    concurrency: options.concurrency,
    pollInterval: options.pollInterval ?? 1_000,
    noHandleSignals: true,
    events,
    taskList: createTaskRegistry(ctx, options.imports ?? { importRoot: null }) as TaskList,
  });
  await Promise.all(holds);
  const rescue = async () => {
    try {
      const rescued = await liveness.rescue();
      if (rescued.length) log(`released the jobs of ${rescued.length} dead worker(s): ${rescued.join(', ')}`);
    } catch (error) {
      log(`rescue failed (retrying later): ${(error as Error).message}`);
    }
  };
  await rescue();
  const timer = setInterval(() => void rescue(), options.rescueEvery ?? 10_000);
  timer.unref();
  let stopping: Promise<void> | undefined;
  return {
    runner,
    backend: backend.backend,
    workerId,
    promise: runner.promise,
    stop() {
      stopping ??= (async () => {
        clearInterval(timer);
        abort.abort();
        await runner.stop().catch(() => undefined);
        await pgPool.end().catch(() => undefined);
        await liveness.stop();
        await models.dispose();
        await prisma.$disconnect();
      })();
      return stopping;
    },
  };
}
