import { describe, expect, it } from 'vitest';
import { artifactKey } from './artifact-key';
import { LocalArtifactStore } from './local-artifact-store';

describe('artifact keys are integrity-checked with a coded error', () => {
  it.each(['not-hex', 'A'.repeat(64), 'a'.repeat(63)])('artifactKey(%s) is INVALID_ARTIFACT_KEY', (sha) => {
    expect(() => artifactKey(sha)).toThrow(expect.objectContaining({ name: 'DbError', code: 'INVALID_ARTIFACT_KEY' }));
  });

  it.each(['../outside', 'sha256/../../etc/passwd', '/etc/passwd'])('the local store refuses %s', (key) => {
    expect(() => new LocalArtifactStore('/tmp/rankfall-store').pathOf(key)).toThrow(expect.objectContaining({ code: 'INVALID_ARTIFACT_KEY' }));
  });
});
