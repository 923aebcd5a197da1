// Nx runtime input of every test target: a fingerprint of the shared fixtures folder (RANKFALL_FIXTURES or
// ../shared/fixtures), so a cached local pass where fixture tests were skipped (folder missing) is never
// replayed where the fixtures exist, and the other way round. Names, sizes and mtimes, not contents (fast).
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(process.env.RANKFALL_FIXTURES ?? resolve(import.meta.dirname, '../../../shared/fixtures'));
const hash = createHash('sha256');
function walk(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  } catch {
    hash.update(`missing:${dir}`);
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else {
      const info = statSync(path);
      hash.update(`${path}\0${info.size}\0${info.mtimeMs}\n`);
    }
  }
}
walk(root);
process.stdout.write(hash.digest('hex'));
