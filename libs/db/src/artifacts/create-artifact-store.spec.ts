import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DbError } from '../db-error';
import { rankfallHome } from '../workspace-paths';
import { createArtifactStore } from './create-artifact-store';
import { LocalArtifactStore } from './local-artifact-store';
import { S3ArtifactStore } from './s3-artifact-store';
import { S3RVER_CREDENTIALS, startS3TestServer, type S3TestServer } from './testing/s3-test-server';

function failure(env: Record<string, string>): DbError {
  try {
    createArtifactStore(env);
  } catch (error) {
    if (error instanceof DbError) return error;
    throw error;
  }
  throw new Error('expected createArtifactStore to throw');
}

describe('createArtifactStore: local (the default)', () => {
  it('defaults to <checkout>/.rankfall/artifacts, like stateDir()', () => {
    const store = createArtifactStore({});
    expect(store).toBeInstanceOf(LocalArtifactStore);
    expect((store as LocalArtifactStore).root).toBe(resolve(rankfallHome(), '.rankfall', 'artifacts'));
  });

  it('follows RANKFALL_STATE_DIR, and RANKFALL_ARTIFACT_DIR wins over it', () => {
    expect((createArtifactStore({ RANKFALL_STATE_DIR: '/srv/state' }) as LocalArtifactStore).root).toBe('/srv/state/artifacts');
    expect((createArtifactStore({ RANKFALL_ARTIFACT_STORE: 'local', RANKFALL_STATE_DIR: '/srv/state', RANKFALL_ARTIFACT_DIR: '/data/blobs' }) as LocalArtifactStore).root).toBe('/data/blobs');
    expect((createArtifactStore({ RANKFALL_ARTIFACT_STORE: '', RANKFALL_ARTIFACT_DIR: '' , RANKFALL_STATE_DIR: '/x' }) as LocalArtifactStore).root).toBe('/x/artifacts');
  });
});

describe('createArtifactStore: s3', () => {
  it('builds an S3 store from the variables and describes it without secrets', () => {
    const store = createArtifactStore({
      RANKFALL_ARTIFACT_STORE: 's3',
      RANKFALL_S3_BUCKET: 'rankfall-artifacts',
      RANKFALL_S3_ENDPOINT: 'https://user:pass@minio.internal:9000/ignored?token=t',
      RANKFALL_S3_REGION: 'eu-west-1',
      RANKFALL_S3_PREFIX: 'prod/',
      RANKFALL_S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret-example',
    });
    expect(store).toBeInstanceOf(S3ArtifactStore);
    expect(store.describe()).toBe('s3 rankfall-artifacts/prod at https://minio.internal:9000');
    (store as S3ArtifactStore).destroy();
  });

  it.each<[string, Record<string, string>, string]>([
    ['an unknown store', { RANKFALL_ARTIFACT_STORE: 'gcs' }, 'RANKFALL_ARTIFACT_STORE: expected "local" or "s3"'],
    ['s3 without a bucket', { RANKFALL_ARTIFACT_STORE: 's3' }, 'RANKFALL_S3_BUCKET: required when RANKFALL_ARTIFACT_STORE=s3'],
    ['a bad bucket name', { RANKFALL_ARTIFACT_STORE: 's3', RANKFALL_S3_BUCKET: 'Bad_Bucket' }, 'RANKFALL_S3_BUCKET: expected an S3 bucket name'],
    ['an endpoint that is no URL', { RANKFALL_ARTIFACT_STORE: 's3', RANKFALL_S3_BUCKET: 'b-1', RANKFALL_S3_ENDPOINT: 'minio:9000' }, 'RANKFALL_S3_ENDPOINT: expected an http:// or https:// URL'],
    ['an ftp endpoint', { RANKFALL_ARTIFACT_STORE: 's3', RANKFALL_S3_BUCKET: 'b-1', RANKFALL_S3_ENDPOINT: 'ftp://host/' }, 'RANKFALL_S3_ENDPOINT: expected an http:// or https:// URL'],
    ['a bad region', { RANKFALL_ARTIFACT_STORE: 's3', RANKFALL_S3_BUCKET: 'b-1', RANKFALL_S3_REGION: 'EU West' }, 'RANKFALL_S3_REGION: expected a region name'],
    ['a bad prefix', { RANKFALL_ARTIFACT_STORE: 's3', RANKFALL_S3_BUCKET: 'b-1', RANKFALL_S3_PREFIX: 'a b' }, 'RANKFALL_S3_PREFIX: expected a key prefix'],
    ['a bad path-style flag', { RANKFALL_ARTIFACT_STORE: 's3', RANKFALL_S3_BUCKET: 'b-1', RANKFALL_S3_FORCE_PATH_STYLE: 'yes' }, 'RANKFALL_S3_FORCE_PATH_STYLE: expected true or false'],
    ['a key id without its secret', { RANKFALL_ARTIFACT_STORE: 's3', RANKFALL_S3_BUCKET: 'b-1', AWS_ACCESS_KEY_ID: 'AKIA' }, 'AWS_SECRET_ACCESS_KEY: required when AWS_ACCESS_KEY_ID is set'],
    ['a secret without its key id', { RANKFALL_ARTIFACT_STORE: 's3', RANKFALL_S3_BUCKET: 'b-1', AWS_SECRET_ACCESS_KEY: 'hush-hush' }, 'AWS_ACCESS_KEY_ID: required when AWS_SECRET_ACCESS_KEY is set'],
  ])('%s is one line naming the variable', (_name, env, message) => {
    const error = failure(env);
    expect(error.code).toBe('ARTIFACT_STORE_CONFIG_INVALID');
    expect(error.message.startsWith(message), error.message).toBe(true);
    expect(error.message).not.toContain('\n');
    for (const value of Object.values(env)) if (!['s3', 'b-1'].includes(value)) expect(error.message).not.toContain(value);
  });

  describe('against a real S3 server', () => {
    let server: S3TestServer;
    beforeAll(async () => {
      server = await startS3TestServer('env-bucket');
    });
    afterAll(async () => server?.close());

    it('the environment alone is enough to store and read back', async () => {
      const store = createArtifactStore({
        RANKFALL_ARTIFACT_STORE: 's3',
        RANKFALL_S3_BUCKET: 'env-bucket',
        RANKFALL_S3_ENDPOINT: server.endpoint,
        RANKFALL_S3_FORCE_PATH_STYLE: '1',
        RANKFALL_S3_PREFIX: 'from-env',
        AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
      });
      const stored = await store.putBytes(Buffer.from('hello from env'));
      expect(Buffer.from(await store.getBytes(stored.key)).toString()).toBe('hello from env');
      expect(server.puts).toEqual([`from-env/${stored.key}`]);
      (store as S3ArtifactStore).destroy();
    });
  });
});
