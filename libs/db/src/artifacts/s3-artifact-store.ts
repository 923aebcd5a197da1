import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

import { DbError } from '../db-error';
import { checksumMismatch, sha256OfBytes, sha256OfFile } from './artifact-checksum';
import { artifactKey, sha256OfArtifactKey } from './artifact-key';
import type { ArtifactStore, StoredArtifact } from './artifact-store';
import { s3ErrorToDbError } from './s3-error';

export interface S3ArtifactStoreOptions {
  bucket: string;
  /** Default `us-east-1` (what S3-compatible servers such as MinIO expect when they do not care). */
  region?: string;
  /** An S3-compatible server (`http://minio:9000`); omit for AWS S3. */
  endpoint?: string;
  /** Keys are stored under this prefix (`rankfall/prod` → `rankfall/prod/sha256/ab/…`). */
  prefix?: string;
  /** Path-style URLs (`endpoint/bucket/key`): needed by most self-hosted servers. Default false. */
  forcePathStyle?: boolean;
  /** Explicit credentials; omitted, the AWS SDK's standard chain is used (env, ~/.aws, SSO, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Attempts per request, retries included (default 3). */
  maxAttempts?: number;
  /** Connection timeout in ms (default 5 000). */
  connectionTimeoutMs?: number;
  /** Socket idle timeout per request in ms (default 120 000). */
  requestTimeoutMs?: number;
}

/** A relative `/`-separated key of word characters, dots and dashes, without `.`/`..`/empty segments. */
function isSafeKey(key: string): boolean {
  return /^[\w./-]+$/.test(key) && key.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

/** The endpoint for messages: scheme, host and port only (user info, path and query may hold secrets). */
function printableEndpoint(endpoint: string | undefined, region: string): string {
  if (!endpoint) return `AWS S3 ${region}`;
  try {
    const url = new URL(endpoint);
    return `${url.protocol}//${url.host}`;
  } catch {
    return '(invalid endpoint)';
  }
}

/**
 * Artifacts in an S3 bucket (AWS S3 or any S3-compatible server), under the same content-addressed
 * keys as `LocalArtifactStore` (plus an optional prefix). A put first asks whether the object exists
 * (HeadObject) and skips the upload when it does; uploads carry their SHA-256 (`x-amz-checksum-sha256`)
 * so a server that checks it refuses bytes that changed in flight; downloads are re-hashed against
 * their key. Every failure is a `DbError` with a code (see `s3ErrorToDbError`), never with a secret.
 */
export class S3ArtifactStore implements ArtifactStore {
  readonly bucket: string;
  readonly prefix: string;
  private readonly client: S3Client;
  private readonly where: string;

  constructor(options: S3ArtifactStoreOptions) {
    this.bucket = options.bucket;
    this.prefix = (options.prefix ?? '').replace(/^\/+|\/+$/g, '');
    const region = options.region ?? 'us-east-1';
    const config: S3ClientConfig = {
      region,
      forcePathStyle: options.forcePathStyle ?? false,
      maxAttempts: options.maxAttempts ?? 3,
      // Checksums only where S3 requires them: S3-compatible servers (older MinIO, Ceph, s3rver) do not
      // all understand the SDK's default aws-chunked CRC32 trailers. Puts send an explicit SHA-256 instead.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: { connectionTimeout: options.connectionTimeoutMs ?? 5_000, requestTimeout: options.requestTimeoutMs ?? 120_000 },
    };
    if (options.endpoint) config.endpoint = options.endpoint;
    if (options.credentials) config.credentials = options.credentials;
    this.client = new S3Client(config);
    this.where = `s3 ${this.bucket}${this.prefix ? `/${this.prefix}` : ''} at ${printableEndpoint(options.endpoint, region)}`;
  }

  describe(): string {
    return this.where;
  }

  /** The object key of an artifact key. */
  objectKey(key: string): string {
    if (!isSafeKey(key)) throw new DbError('INVALID_ARTIFACT_KEY', `not an artifact key: ${JSON.stringify(key)}`);
    return this.prefix ? `${this.prefix}/${key}` : key;
  }

  private fail(error: unknown, action: string, key?: string): DbError {
    return s3ErrorToDbError(error, { store: this.where, action, ...(key === undefined ? {} : { key }) });
  }

  async has(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return true;
    } catch (error) {
      const mapped = this.fail(error, 'look up', key);
      if (mapped.code === 'NOT_FOUND') return false;
      throw mapped;
    }
  }

  async putBytes(bytes: Uint8Array): Promise<StoredArtifact> {
    const sha256 = sha256OfBytes(bytes);
    const key = artifactKey(sha256);
    if (await this.has(key)) return { key, sha256, sizeBytes: bytes.byteLength, created: false };
    await this.upload(key, sha256, bytes, bytes.byteLength);
    return { key, sha256, sizeBytes: bytes.byteLength, created: true };
  }

  async putFile(source: string, expectedSha256?: string): Promise<StoredArtifact> {
    const sha256 = await sha256OfFile(source);
    if (expectedSha256 && expectedSha256 !== sha256) throw checksumMismatch(source, sha256, expectedSha256);
    const key = artifactKey(sha256);
    const { size } = await stat(source);
    if (await this.has(key)) return { key, sha256, sizeBytes: size, created: false };
    await this.upload(key, sha256, createReadStream(source), size);
    return { key, sha256, sizeBytes: size, created: true };
  }

  private async upload(key: string, sha256: string, body: Uint8Array | NodeJS.ReadableStream, size: number): Promise<void> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.objectKey(key),
          Body: body as Uint8Array,
          ContentLength: size,
          ContentType: 'application/octet-stream',
          ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
        }),
      );
    } catch (error) {
      throw this.fail(error, 'store', key);
    }
  }

  async getBytes(key: string): Promise<Uint8Array> {
    let bytes: Uint8Array;
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      if (!object.Body) throw new DbError('ARTIFACT_STORE_FAILED', `artifact store ${this.where}: object ${key} has no body`);
      bytes = await object.Body.transformToByteArray();
    } catch (error) {
      if (error instanceof DbError) throw error;
      throw this.fail(error, 'read', key);
    }
    const expected = sha256OfArtifactKey(key);
    if (expected !== null) {
      const actual = sha256OfBytes(bytes);
      if (actual !== expected) throw checksumMismatch(`object ${key} in ${this.where}`, actual, expected);
    }
    return bytes;
  }

  async delete(key: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
    } catch (error) {
      const mapped = this.fail(error, 'delete', key);
      if (mapped.code !== 'NOT_FOUND') throw mapped;
    }
  }

  /** Closes the client's sockets (tests, short-lived processes). */
  destroy(): void {
    this.client.destroy();
  }
}
