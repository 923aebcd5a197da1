import { availableParallelism, hostname } from 'node:os';
import { createArtifactStore, DbError, resolveDatabase } from '@rankfall/db';
import { z } from 'zod';
import { startWorker } from './start-worker';

/** Environment of the worker (README "Environment variables"). */
const envSchema = z.object({
  RANKFALL_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  RANKFALL_STAGE1_CHECKPOINT_EVERY: z.coerce.number().int().min(1).default(5_000),
  /** Shown on the shards this worker runs (`<name>:<pid>`; default the host name). */
  RANKFALL_WORKER_NAME: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, . _ - (at most 64)').optional(),
  /** How often to look for jobs held by dead workers, and how long a job must have been locked before it is considered. */
  RANKFALL_WORKER_RESCUE_EVERY_MS: z.coerce.number().int().min(100).default(10_000),
  RANKFALL_WORKER_RESCUE_GRACE_MS: z.coerce.number().int().min(0).default(15_000),
  /** Folder server-path dataset imports may read from (absolute); unset = refused. */
  RANKFALL_IMPORT_ROOT: z.string().refine((path) => path.startsWith('/'), 'must be an absolute path').optional(),
  RANKFALL_MAX_TABLE_ROWS: z.coerce.number().int().min(1).optional(),
});

try {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) throw new Error(`Invalid environment: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
  const env = parsed.data;
  const db = await resolveDatabase({ env: process.env });
  const store = createArtifactStore(process.env);
  const worker = await startWorker({ workerId: `${env.RANKFALL_WORKER_NAME ?? hostname()}:${process.pid}`, databaseUrl: db.url, store, concurrency: env.RANKFALL_WORKER_CONCURRENCY, checkpointEvery: env.RANKFALL_STAGE1_CHECKPOINT_EVERY, rescueEvery: env.RANKFALL_WORKER_RESCUE_EVERY_MS, rescueGraceMs: env.RANKFALL_WORKER_RESCUE_GRACE_MS, imports: { importRoot: env.RANKFALL_IMPORT_ROOT ?? null, ...(env.RANKFALL_MAX_TABLE_ROWS ? { maxTableRows: env.RANKFALL_MAX_TABLE_ROWS } : {}) }, log: (line) => console.log(line) });
  // TF.js's wasm backend (Emscripten) installs an uncaughtException handler that rethrows, which turns any stray
  // error into exit 7 with a dump of its minified source. Replace it: while stopping, an error from a database
  // connection the server terminated (a shutdown racing ours; graphile-worker can double-release a client then)
  // is expected and logged; otherwise the worker reports the error in one line and exits 1.
  let stopping = false;
  for (const listener of process.listeners('uncaughtException')) {
    if (String(listener).includes('ExitStatus')) process.removeListener('uncaughtException', listener);
  }
  process.on('uncaughtException', (error) => {
    console.error(`rankfall worker: ${stopping ? 'while stopping: ' : ''}${error instanceof Error ? error.message : String(error)}`);
    process.exit(stopping ? 0 : 1);
  });
  const shutdown = async (signal: string) => {
    stopping = true;
    console.log(`${signal}: stopping (running jobs stop at the next image and are retried)`);
    await worker.stop();
    await db.close();
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  // The ready line comes after the signal handlers: a SIGTERM right after it must stop the worker cleanly.
  console.log(`Rankfall worker ${worker.workerId} running (${env.RANKFALL_WORKER_CONCURRENCY} job(s) at a time, backend ${worker.backend}, ${availableParallelism()} cores; database: ${db.description}; artifacts: ${store.describe()})`);
  await worker.promise;
} catch (error) {
  console.error(`rankfall worker: ${error instanceof Error ? error.message : String(error)}${error instanceof DbError ? ` [${error.code}]` : ''}`);
  process.exitCode = 1;
}
