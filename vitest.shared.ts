import { resolve } from 'node:path';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

const workspaceRoot = import.meta.dirname;

export interface ProjectTestOptions {
  /** Nx project name: names the JSON report that `npm test` sums up. */
  name: string;
  /** Integration tests that need PostgreSQL: start the embedded server when DATABASE_URL is unset. */
  database?: boolean;
  /** Test file globs relative to the project (default: every spec under src). */
  include?: string[];
  /** Per-test timeout in milliseconds (TF.js and database tests need more than the default). */
  testTimeout?: number;
}

/** One Vitest configuration for every project, so reports land where `npm test` reads them. */
export function projectTestConfig(options: ProjectTestOptions): ViteUserConfig {
  return defineConfig({
    resolve: { tsconfigPaths: true },
    test: {
      name: options.name,
      include: options.include ?? ['src/**/*.spec.ts', 'src/**/*.spec.tsx'],
      environment: 'node',
      testTimeout: options.testTimeout ?? 30_000,
      hookTimeout: 120_000,
      pool: 'forks',
      reporters: ['default', 'json'],
      outputFile: { json: resolve(workspaceRoot, 'reports/vitest', `${options.name}.json`) },
      globalSetup: options.database ? [resolve(workspaceRoot, 'tools/testing/database-global-setup.ts')] : [],
    },
  });
}
