import { DbError } from '../db-error';
const ARTIFACT_KEY = /^sha256\/[0-9a-f]{2}\/[0-9a-f]{62}$/;

/** The content-addressed key of a blob: `sha256/ab/cdef…`. */
export function artifactKey(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new DbError('INVALID_ARTIFACT_KEY', `not a sha256: ${sha256}`);
  return `sha256/${sha256.slice(0, 2)}/${sha256.slice(2)}`;
}

/** The SHA-256 a content-addressed key names, or null for a key of another form. */
export function sha256OfArtifactKey(key: string): string | null {
  return ARTIFACT_KEY.test(key) ? key.slice(7, 9) + key.slice(10) : null;
}
