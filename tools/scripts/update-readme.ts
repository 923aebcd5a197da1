/** Regenerates the tables in README.md that come from registries (`npm run docs:readme`). */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { updateReadme } from '../../apps/cli/src/readme-table';

const path = resolve(import.meta.dirname, '../../README.md');
writeFileSync(path, updateReadme(readFileSync(path, 'utf8')));
console.log(`updated ${path}`);
