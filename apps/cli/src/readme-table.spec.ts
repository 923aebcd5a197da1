import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { updateReadme } from './readme-table';

describe('README generated tables', () => {
  it('are in sync with the command, attack, model and dataset-format registries (regenerate with npm run docs:readme)', () => {
    const readme = readFileSync(resolve(import.meta.dirname, '../../../README.md'), 'utf8');
    expect(updateReadme(readme)).toBe(readme);
  });
});
