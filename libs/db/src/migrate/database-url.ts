import { z } from 'zod';
import { DbError } from '../db-error';

/** Discrete connection fields: pg lets a connection string override `database`, so never pass one on. */
export interface ConnectionFields {
  host: string;
  port: number;
  user: string;
  password: string | undefined;
  database: string;
}

const urlSchema = z
  .string()
  .trim()
  .min(1)
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must start with postgres:// or postgresql://');

/** Parses a PostgreSQL URL into discrete fields, with a clear error naming the variable. */
export function parseDatabaseUrl(url: string, variable = 'DATABASE_URL'): ConnectionFields {
  const checked = urlSchema.safeParse(url);
  if (!checked.success) {
    throw new DbError('INVALID_DATABASE_URL', `${variable} is not a PostgreSQL URL (${checked.error.issues[0]?.message ?? 'invalid'})`);
  }
  let parsed: URL;
  try {
    parsed = new URL(checked.data);
  } catch {
    throw new DbError('INVALID_DATABASE_URL', `${variable} cannot be parsed as a URL`);
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!database) throw new DbError('INVALID_DATABASE_URL', `${variable} names no database (expected postgres://user@host:port/database)`);
  return {
    host: decodeURIComponent(parsed.hostname) || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username) || 'postgres',
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    database,
  };
}

/** Builds a URL from fields (the password is percent-encoded). */
export function formatDatabaseUrl(fields: ConnectionFields): string {
  const auth = fields.password
    ? `${encodeURIComponent(fields.user)}:${encodeURIComponent(fields.password)}`
    : encodeURIComponent(fields.user);
  return `postgresql://${auth}@${fields.host}:${fields.port}/${encodeURIComponent(fields.database)}`;
}

/** The URL with its password masked, for logs and messages. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/(postgres(?:ql)?:\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
