import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, readFile, rename, stat, writeFile, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';

import { DbError } from '../db-error';
import type { ArtifactStore, StoredArtifact } from './artifact-store';

/** The content-addressed key of a blob: `sha256/ab/cdef…`. */
export function artifactKey(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
  return `sha256/${sha256.slice(0, 2)}/${sha256.slice(2)}`;
}

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/**
 * Artifacts (dataset images, adversarial PNGs, weights) in a local folder, addressed by content:
 * storing the same bytes twice is a no-op, and a write lands under its final name only when complete
 * (temp file + rename), so a crash never leaves a truncated artifact.
 */
export class LocalArtifactStore implements ArtifactStore {
  constructor(readonly root: string) {}

  describe(): string {
    return `local ${this.root}`;
  }

  async getBytes(key: string): Promise<Uint8Array> {
    try {
      return new Uint8Array(await readFile(this.pathOf(key)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new DbError('NOT_FOUND', `artifact ${key} is not in the store (${this.describe()})`);
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  pathOf(key: string): string {
    const path = resolve(this.root, key);
    if (!path.startsWith(resolve(this.root))) throw new Error(`artifact key escapes the store: ${key}`);
    return path;
  }

  async has(key: string): Promise<boolean> {
    return stat(this.pathOf(key)).then(
      () => true,
      () => false,
    );
  }

  /** Copies a file in; `expectedSha256` (when known) is verified. */
  async putFile(source: string, expectedSha256?: string): Promise<StoredArtifact> {
    const sha256 = await sha256OfFile(source);
    if (expectedSha256 && expectedSha256 !== sha256) {
      throw new Error(`${source} changed while importing (sha256 ${sha256}, expected ${expectedSha256})`);
    }
    const key = artifactKey(sha256);
    const target = this.pathOf(key);
    const { size } = await stat(source);
    if (!(await this.has(key))) {
      await mkdir(dirname(target), { recursive: true });
      const temp = `${target}.${process.pid}.${Date.now()}.partial`;
      try {
        await copyFile(source, temp);
        await rename(temp, target);
      } finally {
        await rm(temp, { force: true });
      }
    }
    return { key, sha256, sizeBytes: size };
  }

  async putBytes(bytes: Uint8Array): Promise<StoredArtifact> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const key = artifactKey(sha256);
    if (!(await this.has(key))) {
      const target = this.pathOf(key);
      await mkdir(dirname(target), { recursive: true });
      const temp = `${target}.${process.pid}.${Date.now()}.partial`;
      await writeFile(temp, bytes);
      await rename(temp, target);
    }
    return { key, sha256, sizeBytes: bytes.byteLength };
  }
}
