import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** Repository root (libs/testing/src → ../../..). */
export const workspaceRoot = resolve(import.meta.dirname, '../../..');

/**
 * The shared reference fixtures live beside the repository in `../shared/fixtures` and are never
 * copied into it (several are licensed for local testing only). `RANKFALL_FIXTURES` overrides.
 */
export const fixturesDir = resolve(process.env['RANKFALL_FIXTURES'] ?? resolve(workspaceRoot, '../shared/fixtures'));

export const fixturesAvailable = existsSync(fixturesDir);

/** Absolute path of a fixture file, e.g. `fixturePath('scnn.safetensors')`. */
export function fixturePath(...parts: string[]): string {
  return resolve(fixturesDir, ...parts);
}

/**
 * Whether tests that need the fixtures should be skipped: `describe.skipIf(skipWithoutFixtures())`.
 * In CI (`CI` set) the fixtures are always present, so a missing folder throws instead of skipping.
 */
export function skipWithoutFixtures(): boolean {
  if (fixturesAvailable) return false;
  if (process.env['CI']) {
    throw new Error(`Test fixtures not found at ${fixturesDir}: CI must have ../shared/fixtures beside the repository`);
  }
  console.warn(`[rankfall] skipping fixture tests: ${fixturesDir} does not exist (put ../shared beside the repository)`);
  return true;
}
