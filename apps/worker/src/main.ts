import { availableParallelism } from 'node:os';
import { DbError, resolveDatabase } from '@rankfall/db';
import { z } from 'zod';
import { startWorker } from './start-worker';

const envSchema = z.object({ RANKFALL_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1) });

try {
  const env = envSchema.parse(process.env);
  const db = await resolveDatabase({ env: process.env });
  const runner = await startWorker({ databaseUrl: db.url, concurrency: env.RANKFALL_WORKER_CONCURRENCY });
  console.log(`Rankfall worker running (${env.RANKFALL_WORKER_CONCURRENCY} job(s) at a time, ${availableParallelism()} cores; database: ${db.description})`);
  const shutdown = async (signal: string) => {
    console.log(`${signal}: finishing the current job and stopping`);
    await runner.stop();
    await db.close();
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await runner.promise;
} catch (error) {
  console.error(`rankfall worker: ${error instanceof Error ? error.message : String(error)}${error instanceof DbError ? ` [${error.code}]` : ''}`);
  process.exitCode = 1;
}
