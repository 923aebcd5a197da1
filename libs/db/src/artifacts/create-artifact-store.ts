import { resolve } from 'node:path';
import { z } from 'zod';

import { DbError } from '../db-error';
import { rankfallHome } from '../workspace-paths';
import type { ArtifactStore } from './artifact-store';
import { LocalArtifactStore } from './local-artifact-store';
import { S3ArtifactStore, type S3ArtifactStoreOptions } from './s3-artifact-store';

/** Empty variables count as unset (`RANKFALL_S3_PREFIX=` in a compose file). */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const BUCKET = /^(?!\d+\.\d+\.\d+\.\d+$)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * The artifact-store settings in the environment. Messages say what was expected and never repeat
 * the value (an endpoint or a key may hold a secret).
 */
export const artifactStoreEnvSchema = z.object({
  RANKFALL_ARTIFACT_STORE: optional(z.enum(['local', 's3'], { message: 'expected "local" or "s3"' })),
  RANKFALL_ARTIFACT_DIR: optional(z.string()),
  RANKFALL_STATE_DIR: optional(z.string()),
  RANKFALL_S3_BUCKET: optional(z.string().regex(BUCKET, 'expected an S3 bucket name (3–63 lowercase letters, digits, dots, dashes)')),
  RANKFALL_S3_ENDPOINT: optional(z.url({ protocol: /^https?$/, message: 'expected an http:// or https:// URL' })),
  RANKFALL_S3_REGION: optional(z.string().regex(/^[a-z0-9-]+$/, 'expected a region name such as us-east-1')),
  RANKFALL_S3_PREFIX: optional(z.string().regex(/^[\w./-]*$/, 'expected a key prefix of letters, digits, dots, dashes, underscores and slashes')),
  RANKFALL_S3_FORCE_PATH_STYLE: optional(z.enum(['true', 'false', '1', '0'], { message: 'expected true or false' })),
  AWS_REGION: optional(z.string()),
  AWS_ACCESS_KEY_ID: optional(z.string()),
  AWS_SECRET_ACCESS_KEY: optional(z.string()),
  AWS_SESSION_TOKEN: optional(z.string()),
});

export type ArtifactStoreEnv = z.infer<typeof artifactStoreEnvSchema>;

function invalid(variable: string, message: string): DbError {
  return new DbError('ARTIFACT_STORE_CONFIG_INVALID', `${variable}: ${message}`);
}

/** Parses and cross-checks the settings; a bad value is one line naming its variable. */
export function parseArtifactStoreEnv(env: Readonly<Record<string, string | undefined>>): ArtifactStoreEnv {
  const parsed = artifactStoreEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(String(issue.path[0] ?? 'environment'), issue.message);
  }
  const settings = parsed.data;
  if (settings.RANKFALL_ARTIFACT_STORE === 's3') {
    if (!settings.RANKFALL_S3_BUCKET) throw invalid('RANKFALL_S3_BUCKET', 'required when RANKFALL_ARTIFACT_STORE=s3');
    if (settings.AWS_ACCESS_KEY_ID && !settings.AWS_SECRET_ACCESS_KEY) throw invalid('AWS_SECRET_ACCESS_KEY', 'required when AWS_ACCESS_KEY_ID is set');
    if (settings.AWS_SECRET_ACCESS_KEY && !settings.AWS_ACCESS_KEY_ID) throw invalid('AWS_ACCESS_KEY_ID', 'required when AWS_SECRET_ACCESS_KEY is set');
  }
  return settings;
}

/** The options an `S3ArtifactStore` gets from the settings (exported for tests and `describe`). */
export function s3OptionsFromEnv(settings: ArtifactStoreEnv): S3ArtifactStoreOptions {
  const options: S3ArtifactStoreOptions = {
    bucket: settings.RANKFALL_S3_BUCKET!,
    region: settings.RANKFALL_S3_REGION ?? settings.AWS_REGION ?? 'us-east-1',
    forcePathStyle: settings.RANKFALL_S3_FORCE_PATH_STYLE === 'true' || settings.RANKFALL_S3_FORCE_PATH_STYLE === '1',
  };
  if (settings.RANKFALL_S3_ENDPOINT) options.endpoint = settings.RANKFALL_S3_ENDPOINT;
  if (settings.RANKFALL_S3_PREFIX) options.prefix = settings.RANKFALL_S3_PREFIX;
  if (settings.AWS_ACCESS_KEY_ID && settings.AWS_SECRET_ACCESS_KEY) {
    options.credentials = {
      accessKeyId: settings.AWS_ACCESS_KEY_ID,
      secretAccessKey: settings.AWS_SECRET_ACCESS_KEY,
      ...(settings.AWS_SESSION_TOKEN ? { sessionToken: settings.AWS_SESSION_TOKEN } : {}),
    };
  }
  return options;
}

/**
 * The artifact store the environment selects: `RANKFALL_ARTIFACT_STORE=local` (default) is a folder,
 * `RANKFALL_ARTIFACT_DIR` or else `<RANKFALL_STATE_DIR or <checkout>/.rankfall>/artifacts`;
 * `RANKFALL_ARTIFACT_STORE=s3` is a bucket (`RANKFALL_S3_BUCKET`, `RANKFALL_S3_ENDPOINT`,
 * `RANKFALL_S3_REGION`, `RANKFALL_S3_PREFIX`, `RANKFALL_S3_FORCE_PATH_STYLE`; credentials from
 * `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`[/`AWS_SESSION_TOKEN`] or the AWS SDK's standard chain).
 * See docs/artifact-store.md.
 */
export function createArtifactStore(env: Readonly<Record<string, string | undefined>> = process.env): ArtifactStore {
  const settings = parseArtifactStoreEnv(env);
  if (settings.RANKFALL_ARTIFACT_STORE === 's3') return new S3ArtifactStore(s3OptionsFromEnv(settings));
  if (settings.RANKFALL_ARTIFACT_DIR) return new LocalArtifactStore(resolve(settings.RANKFALL_ARTIFACT_DIR));
  const state = settings.RANKFALL_STATE_DIR ? resolve(settings.RANKFALL_STATE_DIR) : resolve(rankfallHome(), '.rankfall');
  return new LocalArtifactStore(resolve(state, 'artifacts'));
}
