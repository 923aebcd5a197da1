import { resolve } from 'node:path';
import { z } from 'zod';
import { DbError } from '../db-error';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../embedded/embedded-postgres-server';
import { migrateDatabase } from '../migrate/migrate-database';
import { redactDatabaseUrl } from '../migrate/database-url';
import { stateDir } from '../workspace-paths';
import { checkDatabaseConnection } from './check-connection';

const envSchema = z.object({
  DATABASE_URL: z.string().trim().min(1).optional(),
  RANKFALL_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54320),
});

export interface ResolvedDatabase {
  url: string;
  /** `embedded` when Rankfall started (or reused) its own PostgreSQL under .rankfall/. */
  kind: 'external' | 'embedded';
  /** Printable description (password masked). */
  description: string;
  embedded: EmbeddedPostgresHandle | null;
  migrationsApplied: string[];
  /** Stops the embedded server if this process started it; a no-op otherwise. */
  close(): Promise<void>;
}

export interface ResolveDatabaseOptions {
  migrate?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Where the embedded cluster lives (default `.rankfall/postgres`). */
  embeddedDir?: string;
  onLog?: (line: string) => void;
}

/**
 * The one place that decides which PostgreSQL Rankfall uses: DATABASE_URL when set, otherwise the
 * embedded PostgreSQL 17 under .rankfall/ (started on demand). Applies pending migrations unless
 * `migrate: false`. Every failure is a DbError with one line saying what is wrong and what to do.
 */
export async function resolveDatabase(options: ResolveDatabaseOptions = {}): Promise<ResolvedDatabase> {
  const parsed = envSchema.safeParse(options.env ?? process.env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DbError('INVALID_DATABASE_URL', `${issue?.path.join('.') ?? 'environment'}: ${issue?.message ?? 'invalid'}`);
  }
  const env = parsed.data;
  let url: string;
  let embedded: EmbeddedPostgresHandle | null = null;
  if (env.DATABASE_URL) {
    url = env.DATABASE_URL;
    await checkDatabaseConnection(url, { createIfMissing: true });
  } else {
    embedded = await startEmbeddedPostgres({
      dir: options.embeddedDir ?? resolve(stateDir(options.env ?? process.env), 'postgres'),
      port: env.RANKFALL_PG_PORT,
      ...(options.onLog ? { onLog: options.onLog } : {}),
    });
    url = embedded.url;
  }
  try {
    const { applied } = options.migrate === false ? { applied: [] } : await migrateDatabase(url);
    return {
      url,
      kind: embedded ? 'embedded' : 'external',
      description: embedded
        ? `embedded PostgreSQL 17 on 127.0.0.1:${embedded.port} (data in ${embedded.dataDir})`
        : redactDatabaseUrl(url),
      embedded,
      migrationsApplied: applied,
      close: async () => {
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
