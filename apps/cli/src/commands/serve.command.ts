import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { rankfallHome, resolveDatabase } from '@rankfall/db';
import { z } from 'zod';
import { defineCommand, type CliIo } from '../command';

/**
 * Runs an app's entry point in the foreground (Node + tsx from the checkout), on the database the CLI
 * resolves (embedded PostgreSQL unless DATABASE_URL is set). Signals to the CLI are passed on; the exit
 * code is the app's.
 */
async function serveApp(entry: string, env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  const db = await resolveDatabase({ env });
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(rankfallHome(), entry)], { cwd: rankfallHome(), env: { ...env, DATABASE_URL: db.url }, stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    const kill = () => child.kill('SIGKILL');
    process.once('exit', kill);
    const code = await new Promise<number>((done) => {
      child.once('error', (error) => {
        io.err(`cannot start ${entry}: ${error.message}`);
        done(1);
      });
      child.once('exit', (exitCode, signal) => done(exitCode ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1)));
    });
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    process.off('exit', kill);
    return code;
  } finally {
    await db.close();
  }
}

export const workerCommand = defineCommand({
  name: 'worker',
  summary: 'Start a background worker: executes queued runs (any number of workers, on any machines, against one database)',
  usage: 'worker [--concurrency N] [--name N]',
  details: [
    '--concurrency N  jobs this process runs at once (default 1; on wasm one process uses one core: start one worker per core instead)',
    '--name N         shown on the shards this worker runs (default: the host name)',
    'RANKFALL_WORKER_CONCURRENCY, RANKFALL_WORKER_NAME, RANKFALL_STAGE1_CHECKPOINT_EVERY, RANKFALL_WORKER_RESCUE_EVERY_MS, RANKFALL_WORKER_RESCUE_GRACE_MS, RANKFALL_ARTIFACT_DIR, RANKFALL_BACKEND: README "Environment variables"',
    'Ctrl-C / SIGTERM: running jobs stop at the next image and are retried by another worker.',
  ],
  options: { concurrency: { type: 'string' }, name: { type: 'string' } },
  flags: z.object({ concurrency: z.coerce.number().int().min(1).max(64).optional(), name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be letters, digits, . _ - (at most 64)').optional() }),
  async run(flags, io) {
    const env = { ...io.env, ...(flags.concurrency ? { RANKFALL_WORKER_CONCURRENCY: String(flags.concurrency) } : {}), ...(flags.name ? { RANKFALL_WORKER_NAME: flags.name } : {}) };
    return serveApp('apps/worker/src/main.ts', env, io);
  },
});

export const apiCommand = defineCommand({
  name: 'api',
  summary: 'Start the GraphQL API (HTTP + graphql-ws subscriptions) on the database',
  usage: 'api [--port N] [--host H]',
  details: ['--port N  where it listens (default RANKFALL_API_PORT or 4000)', '--host H  the interface (default RANKFALL_API_HOST or 127.0.0.1)', 'Other settings: README "Environment variables" (RANKFALL_API_*, RANKFALL_WEB_ORIGIN).'],
  options: { port: { type: 'string' }, host: { type: 'string' } },
  flags: z.object({ port: z.coerce.number().int().min(1).max(65535).optional(), host: z.string().min(1).optional() }),
  async run(flags, io) {
    const env = { ...io.env, ...(flags.port ? { RANKFALL_API_PORT: String(flags.port) } : {}), ...(flags.host ? { RANKFALL_API_HOST: flags.host } : {}) };
    return serveApp('apps/api/src/main.ts', env, io);
  },
});
