import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { withArtifactFile } from './artifact-file';
import { artifactKey } from './artifact-key';
import { LocalArtifactStore } from './local-artifact-store';
import { S3ArtifactStore } from './s3-artifact-store';
import { S3RVER_CREDENTIALS, startS3TestServer, type S3TestServer } from './testing/s3-test-server';

const work = mkdtempSync(join(tmpdir(), 'rankfall-artifact-file-'));
let server: S3TestServer;
beforeAll(async () => {
  server = await startS3TestServer('file-bucket');
});
afterAll(async () => {
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('withArtifactFile', () => {
  it('hands out the local file itself', async () => {
    const store = new LocalArtifactStore(join(work, 'local'));
    const stored = await store.putBytes(Buffer.from('weights'));
    expect(await withArtifactFile(store, stored.key, async (path) => path)).toBe(store.pathOf(stored.key));
  });

  it('gives other stores a temp copy with the bytes, removed afterwards', async () => {
    const store = new S3ArtifactStore({ endpoint: server.endpoint, bucket: 'file-bucket', forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
    const stored = await store.putBytes(Buffer.from('remote weights'));
    let seen = '';
    const text = await withArtifactFile(store, stored.key, async (path) => {
      seen = path;
      return readFileSync(path, 'utf8');
    });
    expect(text).toBe('remote weights');
    expect(existsSync(seen)).toBe(false);
    store.destroy();
  });

  it('a missing key is NOT_FOUND for both', async () => {
    const key = artifactKey('0'.repeat(64));
    const s3 = new S3ArtifactStore({ endpoint: server.endpoint, bucket: 'file-bucket', forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
    for (const store of [new LocalArtifactStore(join(work, 'empty')), s3]) {
      await expect(withArtifactFile(store, key, async () => 'used')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    s3.destroy();
  });
});
