import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DbError, type DbErrorCode } from '../db-error';
import { artifactKey } from './artifact-key';
import type { ArtifactStore } from './artifact-store';
import { LocalArtifactStore } from './local-artifact-store';
import { S3ArtifactStore } from './s3-artifact-store';
import { S3RVER_CREDENTIALS, startS3TestServer, type S3TestServer } from './testing/s3-test-server';

const work = mkdtempSync(join(tmpdir(), 'rankfall-artifact-contract-'));
let s3: S3TestServer;
let raw: S3Client;

beforeAll(async () => {
  s3 = await startS3TestServer();
  raw = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
});
afterAll(async () => {
  raw?.destroy();
  await s3?.close();
  rmSync(work, { recursive: true, force: true });
});

/** A store under test and an independent count of the objects it holds (not through the store). */
interface Subject {
  store: ArtifactStore;
  count(): Promise<number>;
  /** Object keys the server received uploads for (S3 only; null where it cannot be observed). */
  uploads(): string[] | null;
}

function countFiles(dir: string): number {
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) if (entry.isFile()) n++;
  return n;
}

const subjects: Record<'local' | 's3', () => Subject> = {
  local: () => {
    const root = mkdtempSync(join(work, 'local-'));
    return { store: new LocalArtifactStore(root), count: async () => countFiles(root), uploads: () => null };
  },
  s3: () => {
    const prefix = `contract-${randomBytes(4).toString('hex')}`;
    const store = new S3ArtifactStore({ endpoint: s3.endpoint, bucket: s3.bucket, prefix, forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
    return {
      store,
      count: async () => (await raw.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: `${prefix}/` }))).KeyCount ?? 0,
      uploads: () => s3.puts.filter((key) => key.startsWith(`${prefix}/`)),
    };
  },
};

async function codeOf(promise: Promise<unknown>): Promise<DbErrorCode> {
  const error = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  if (!(error instanceof DbError)) throw error;
  return error.code;
}

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe.each(['local', 's3'] as const)('ArtifactStore contract: %s', (kind) => {
  let subject: Subject;
  beforeAll(() => {
    subject = subjects[kind]();
  });

  it('stores the same bytes twice as one object; the second put writes nothing', async () => {
    const bytes = randomBytes(1000);
    const first = await subject.store.putBytes(bytes);
    const second = await subject.store.putBytes(bytes);
    expect(first).toEqual({ key: artifactKey(sha(bytes)), sha256: sha(bytes), sizeBytes: 1000, created: true });
    expect(second).toEqual({ ...first, created: false });
    const file = join(work, `${kind}-same.bin`);
    writeFileSync(file, bytes);
    expect(await subject.store.putFile(file, sha(bytes))).toEqual({ ...first, created: false });
    expect(await subject.count()).toBe(1);
    const uploads = subject.uploads();
    if (uploads) expect(uploads).toHaveLength(1);
  });

  it('round-trips bytes (putBytes) and a streamed file (putFile, 5 MB) through getBytes', async () => {
    const small = randomBytes(3);
    const stored = await subject.store.putBytes(small);
    expect(Buffer.from(await subject.store.getBytes(stored.key))).toEqual(small);
    const big = randomBytes(5 * 1024 * 1024);
    const file = join(work, `${kind}-big.bin`);
    writeFileSync(file, big);
    const storedFile = await subject.store.putFile(file);
    expect(storedFile).toMatchObject({ sha256: sha(big), sizeBytes: big.length, created: true });
    const back = await subject.store.getBytes(storedFile.key);
    expect(sha(back)).toBe(sha(big));
  });

  it('has tells stored from missing keys', async () => {
    const stored = await subject.store.putBytes(randomBytes(10));
    expect(await subject.store.has(stored.key)).toBe(true);
    expect(await subject.store.has(artifactKey(sha(randomBytes(10))))).toBe(false);
  });

  it('delete removes an object; deleting a missing key is not an error', async () => {
    const before = await subject.count();
    const stored = await subject.store.putBytes(randomBytes(20));
    expect(await subject.count()).toBe(before + 1);
    await subject.store.delete(stored.key);
    expect(await subject.store.has(stored.key)).toBe(false);
    expect(await subject.count()).toBe(before);
    await expect(subject.store.delete(stored.key)).resolves.toBeUndefined();
  });

  it('getBytes of a missing key is NOT_FOUND', async () => {
    expect(await codeOf(subject.store.getBytes(artifactKey(sha(randomBytes(8)))))).toBe('NOT_FOUND');
  });

  it('putFile with a wrong expected sha256 is refused and stores nothing', async () => {
    const before = await subject.count();
    const file = join(work, `${kind}-changed.bin`);
    const bytes = randomBytes(64);
    writeFileSync(file, bytes);
    expect(await codeOf(subject.store.putFile(file, sha(randomBytes(64))))).toBe('ARTIFACT_CHECKSUM_MISMATCH');
    expect(await subject.store.has(artifactKey(sha(bytes)))).toBe(false);
    expect(await subject.count()).toBe(before);
  });

  it('describes itself without credentials', () => {
    const line = subject.store.describe();
    expect(line).toMatch(kind === 'local' ? /^local \// : new RegExp(`^s3 ${s3.bucket}/contract-\\w+ at http://127\\.0\\.0\\.1:\\d+$`));
    expect(line).not.toContain(S3RVER_CREDENTIALS.secretAccessKey);
  });
});

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('S3ArtifactStore errors', () => {
  it('an unreachable endpoint is ARTIFACT_STORE_UNREACHABLE, for every operation', async () => {
    const port = await closedPort();
    const store = new S3ArtifactStore({ endpoint: `http://127.0.0.1:${port}`, bucket: 'b', forcePathStyle: true, credentials: S3RVER_CREDENTIALS, maxAttempts: 1 });
    const key = artifactKey(sha(Buffer.from('x')));
    expect(await codeOf(store.has(key))).toBe('ARTIFACT_STORE_UNREACHABLE');
    expect(await codeOf(store.putBytes(Buffer.from('x')))).toBe('ARTIFACT_STORE_UNREACHABLE');
    expect(await codeOf(store.getBytes(key))).toBe('ARTIFACT_STORE_UNREACHABLE');
    expect(await codeOf(store.delete(key))).toBe('ARTIFACT_STORE_UNREACHABLE');
    const message = await store.has(key).catch((e: Error) => e.message);
    expect(message).toBe(`artifact store s3 b at http://127.0.0.1:${port}: cannot look up ${key}: the server cannot be reached (ECONNREFUSED)`);
    store.destroy();
  });

  it('refused credentials are ARTIFACT_STORE_AUTH_FAILED and the message holds no credential', async () => {
    const credentials = { accessKeyId: 'AKIAWRONGKEY1234', secretAccessKey: 'top-secret-value-do-not-print' };
    const store = new S3ArtifactStore({ endpoint: s3.endpoint, bucket: s3.bucket, forcePathStyle: true, credentials, maxAttempts: 1 });
    for (const attempt of [store.has(artifactKey(sha(Buffer.from('y')))), store.putBytes(Buffer.from('y')), store.getBytes(artifactKey(sha(Buffer.from('y'))))]) {
      const error = await attempt.then(
        () => null,
        (e: unknown) => e as DbError,
      );
      expect(error?.code).toBe('ARTIFACT_STORE_AUTH_FAILED');
      expect(error?.message).not.toContain(credentials.secretAccessKey);
      expect(error?.message).not.toContain(credentials.accessKeyId);
    }
    store.destroy();
  });

  it('a missing bucket is ARTIFACT_STORE_FAILED naming the setting', async () => {
    const store = new S3ArtifactStore({ endpoint: s3.endpoint, bucket: 'no-such-bucket', forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
    const error = await store.putBytes(Buffer.from('z')).catch((e: unknown) => e as DbError);
    expect(error).toBeInstanceOf(DbError);
    expect((error as DbError).code).toBe('ARTIFACT_STORE_FAILED');
    expect((error as DbError).message).toContain('RANKFALL_S3_BUCKET');
    store.destroy();
  });

  it('an object whose bytes do not match its key is refused on read', async () => {
    const store = new S3ArtifactStore({ endpoint: s3.endpoint, bucket: s3.bucket, prefix: 'tampered', forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
    const key = artifactKey(sha(Buffer.from('original')));
    await raw.send(new PutObjectCommand({ Bucket: s3.bucket, Key: `tampered/${key}`, Body: Buffer.from('tampered') }));
    expect(await codeOf(store.getBytes(key))).toBe('ARTIFACT_CHECKSUM_MISMATCH');
    store.destroy();
  });

  it('keys go under the prefix, and keys that could escape it are refused', async () => {
    const store = new S3ArtifactStore({ endpoint: s3.endpoint, bucket: s3.bucket, prefix: '/team-a/prod/', forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
    const stored = await store.putBytes(Buffer.from('prefixed'));
    const listed = await raw.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'team-a/prod/' }));
    expect(listed.Contents?.map((c) => c.Key)).toEqual([`team-a/prod/${stored.key}`]);
    for (const bad of ['../x', 'a/../../b', '/abs', '', 'a//b', 'sp ace']) expect(() => store.objectKey(bad)).toThrow(/not an artifact key/);
    store.destroy();
  });
});
