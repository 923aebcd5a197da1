import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturePath, skipWithoutFixtures, workspaceRoot } from './fixtures';

describe('fixtures', () => {
  it('locates the workspace root', () => {
    expect(existsSync(`${workspaceRoot}/nx.json`)).toBe(true);
  });

  it.skipIf(skipWithoutFixtures())('resolves fixture files inside the shared folder', () => {
    expect(existsSync(fixturePath('README.md'))).toBe(true);
    expect(existsSync(fixturePath('does-not-exist.bin'))).toBe(false);
  });
});
