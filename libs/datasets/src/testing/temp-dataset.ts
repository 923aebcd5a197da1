import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A temporary folder (under the OS temp dir, never the repository) removed by `cleanup()`. */
export interface TempFolder {
  readonly dir: string;
  path(...parts: string[]): string;
  /** Writes a text file (creating folders), returns its path. */
  write(relative: string, text: string | Uint8Array): string;
  /** Copies a file to `relative` (creating folders), returns its path. */
  copy(source: string, relative: string): string;
  cleanup(): void;
}

export function makeTempFolder(prefix = 'rankfall-datasets-'): TempFolder {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const path = (...parts: string[]): string => join(dir, ...parts);
  return {
    dir,
    path,
    write(relative, text) {
      const target = path(relative);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
      return target;
    },
    copy(source, relative) {
      const target = path(relative);
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(source, target);
      return target;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Reads a quote-free CSV the naive way (split on line breaks and commas): an independent check of
 * the streaming parser on the fixture tables, which contain no quotes. Returns [line number, fields].
 */
export function naiveCsvRows(path: string): Array<[number, string[]]> {
  return readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .map((line, i): [number, string[]] => [i + 1, line.split(',')])
    .filter(([, fields]) => !(fields.length === 1 && fields[0] === ''));
}

/** The header and the data lines of a table whose first field (or `keyColumn`) is in `keys`, as CSV text. */
export function trimmedTable(path: string, keys: readonly string[], keyColumn = 0): string {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const wanted = new Set(keys);
  const kept = lines.slice(1).filter((line) => wanted.has(line.split(',')[keyColumn] ?? ''));
  if (kept.length !== wanted.size) throw new Error(`trimmedTable: found ${kept.length} of ${wanted.size} keys in ${path}`);
  return `${[lines[0]!, ...kept].join('\n')}\n`;
}
