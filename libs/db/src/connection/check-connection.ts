import pg from 'pg';
import { DbError } from '../db-error';
import { parseDatabaseUrl, type ConnectionFields } from '../migrate/database-url';

function describe(fields: ConnectionFields): string {
  return `${fields.user}@${fields.host}:${fields.port}/${fields.database}`;
}

/** Maps a pg connection error to a one-line DbError that names the problem and what to do. */
export function explainConnectionError(error: unknown, fields: ConnectionFields): DbError {
  const code = (error as { code?: string }).code;
  const where = describe(fields);
  switch (code) {
    case 'ECONNREFUSED':
      return new DbError('DATABASE_UNREACHABLE', `Cannot reach PostgreSQL at ${fields.host}:${fields.port} (connection refused): start the server, fix DATABASE_URL, or unset DATABASE_URL to use the embedded PostgreSQL`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new DbError('DATABASE_UNREACHABLE', `Cannot resolve the PostgreSQL host "${fields.host}" from DATABASE_URL: fix the host name or unset DATABASE_URL to use the embedded PostgreSQL`);
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new DbError('DATABASE_UNREACHABLE', `PostgreSQL at ${fields.host}:${fields.port} does not answer (${code}): check the host, port and firewall in DATABASE_URL`);
    case '28P01':
    case '28000':
      return new DbError('DATABASE_AUTH_FAILED', `PostgreSQL rejected the credentials for ${where}: check the user and password in DATABASE_URL`);
    case '3D000':
      return new DbError('DATABASE_MISSING', `The database "${fields.database}" does not exist on ${fields.host}:${fields.port}: create it (createdb ${fields.database}) or fix DATABASE_URL`);
    default: {
      const message = error instanceof Error ? error.message : String(error);
      return new DbError('DATABASE_UNREACHABLE', `Cannot connect to PostgreSQL at ${where}: ${message}`, { cause: error });
    }
  }
}

async function tryConnect(fields: ConnectionFields): Promise<void> {
  const client = new pg.Client({ ...fields, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Checks that DATABASE_URL's server answers and accepts the credentials. A missing database is
 * created when `createIfMissing` is set (the CLI and the demo do that); every other problem becomes
 * a DbError with one clear line.
 */
export async function checkDatabaseConnection(url: string, options: { createIfMissing?: boolean } = {}): Promise<{ created: boolean }> {
  const fields = parseDatabaseUrl(url);
  try {
    await tryConnect(fields);
    return { created: false };
  } catch (error) {
    const explained = explainConnectionError(error, fields);
    if (explained.code !== 'DATABASE_MISSING' || !options.createIfMissing) throw explained;
  }
  const admin = new pg.Client({ ...fields, database: 'postgres', connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE "${fields.database.replace(/"/g, '""')}"`);
  } catch (error) {
    throw new DbError('DATABASE_MISSING', `The database "${fields.database}" does not exist and could not be created (${error instanceof Error ? error.message : String(error)}): create it yourself or fix DATABASE_URL`);
  } finally {
    await admin.end().catch(() => undefined);
  }
  return { created: true };
}
