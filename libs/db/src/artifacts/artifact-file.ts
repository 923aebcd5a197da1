import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DbError } from '../db-error';
import type { ArtifactStore } from './artifact-store';
import { LocalArtifactStore } from './local-artifact-store';

/**
 * Runs `use` with a local file holding an artifact's bytes, for readers that only take paths (weight
 * files). A local store hands out its own file; any other store's bytes go to a private temp folder
 * that is removed afterwards. Everything else should call `store.getBytes(key)` directly.
 */
export async function withArtifactFile<T>(store: ArtifactStore, key: string, use: (path: string) => Promise<T>): Promise<T> {
  if (store instanceof LocalArtifactStore) {
    if (!(await store.has(key))) throw new DbError('NOT_FOUND', `artifact ${key} is not in the store (${store.describe()})`);
    return use(store.pathOf(key));
  }
  const bytes = await store.getBytes(key);
  const dir = await mkdtemp(join(tmpdir(), 'rankfall-artifact-'));
  try {
    const path = join(dir, key.replace(/[^\w.-]+/g, '_'));
    await writeFile(path, bytes, { mode: 0o600 });
    return await use(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
