import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

function findUp(start: string, marker: string): string | null {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(resolve(dir, marker))) return dir;
    if (dirname(dir) === dir) return null;
  }
}

/**
 * The Rankfall checkout: the folder holding `prisma/schema.prisma` and `prisma.config.ts`.
 * `RANKFALL_HOME` overrides; otherwise it is searched upwards from this module and from the cwd.
 */
export function rankfallHome(): string {
  const fromEnv = process.env['RANKFALL_HOME'];
  if (fromEnv) return resolve(fromEnv);
  const found = findUp(import.meta.dirname, 'prisma.config.ts') ?? findUp(process.cwd(), 'prisma.config.ts');
  if (!found) throw new Error('Cannot find the Rankfall checkout (prisma.config.ts): run from inside it or set RANKFALL_HOME');
  return found;
}

export function migrationsDir(): string {
  return resolve(rankfallHome(), 'prisma', 'migrations');
}

/** Local state (embedded database, artifacts) lives under `.rankfall/` unless RANKFALL_STATE_DIR says otherwise. */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env['RANKFALL_STATE_DIR'] ?? resolve(rankfallHome(), '.rankfall'));
}
