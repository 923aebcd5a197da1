import { describe, expect, it } from 'vitest';
import { DbError } from '../db-error';
import { formatDatabaseUrl, parseDatabaseUrl, redactDatabaseUrl } from './database-url';

describe('parseDatabaseUrl', () => {
  it.each([
    ['postgresql://postgres@127.0.0.1:5432/test', { host: '127.0.0.1', port: 5432, user: 'postgres', password: undefined, database: 'test' }],
    ['postgres://alice:p%40ss@db.example:6543/rank%20fall', { host: 'db.example', port: 6543, user: 'alice', password: 'p@ss', database: 'rank fall' }],
    ['postgresql://bob@localhost/db', { host: 'localhost', port: 5432, user: 'bob', password: undefined, database: 'db' }],
  ])('parses %s', (url, expected) => {
    expect(parseDatabaseUrl(url)).toEqual(expected);
  });

  it.each(['', 'mysql://root@localhost/db', 'postgresql://postgres@127.0.0.1:5432/', 'not a url'])('rejects %j with a code', (url) => {
    expect(() => parseDatabaseUrl(url)).toThrowError(DbError);
    try {
      parseDatabaseUrl(url);
    } catch (error) {
      expect((error as DbError).code).toBe('INVALID_DATABASE_URL');
      expect((error as DbError).message).toContain('DATABASE_URL');
    }
  });

  it('round-trips through formatDatabaseUrl', () => {
    const fields = { host: '127.0.0.1', port: 5433, user: 'u s', password: 'p:w@d', database: 'x' };
    expect(parseDatabaseUrl(formatDatabaseUrl(fields))).toEqual(fields);
  });

  it('masks the password for logs', () => {
    expect(redactDatabaseUrl('postgresql://alice:secret@h:1/d')).toBe('postgresql://alice:***@h:1/d');
    expect(redactDatabaseUrl('postgresql://alice@h:1/d')).toBe('postgresql://alice@h:1/d');
  });
});
