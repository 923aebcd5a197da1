import { copyFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';

import { DbError } from '../db-error';
import { checksumMismatch, sha256OfBytes, sha256OfFile } from './artifact-checksum';
import { artifactKey } from './artifact-key';
import type { ArtifactStore, StoredArtifact } from './artifact-store';

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

  /**
   * The file of an artifact in this folder. Only for code that needs a path (a reader that takes
   * files); everything else uses `getBytes`, which works with every store.
   */
  pathOf(key: string): string {
    const root = resolve(this.root);
    const path = resolve(root, key);
    if (!path.startsWith(root + sep)) throw new DbError('INVALID_ARTIFACT_KEY', `artifact key escapes the store: ${key}`);
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
    if (expectedSha256 && expectedSha256 !== sha256) throw checksumMismatch(source, sha256, expectedSha256);
    const key = artifactKey(sha256);
    const target = this.pathOf(key);
    if (await this.has(key)) return { key, sha256, sizeBytes: (await stat(target)).size, created: false };
    await mkdir(dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.${Date.now()}.partial`;
    try {
      await copyFile(source, temp);
      // The copy is hashed again: a file rewritten between the hash and the copy is never stored under the old hash.
      const copied = await sha256OfFile(temp);
      if (copied !== sha256) throw checksumMismatch(source, copied, sha256);
      const { size } = await stat(temp);
      await rename(temp, target);
      return { key, sha256, sizeBytes: size, created: true };
    } finally {
      await rm(temp, { force: true });
    }
  }

  async putBytes(bytes: Uint8Array): Promise<StoredArtifact> {
    const sha256 = sha256OfBytes(bytes);
    const key = artifactKey(sha256);
    if (await this.has(key)) return { key, sha256, sizeBytes: bytes.byteLength, created: false };
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.${Date.now()}.partial`;
    try {
      await writeFile(temp, bytes);
      await rename(temp, target);
    } finally {
      await rm(temp, { force: true });
    }
    return { key, sha256, sizeBytes: bytes.byteLength, created: true };
  }
}
