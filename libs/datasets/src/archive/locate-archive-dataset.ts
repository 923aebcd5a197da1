import { DatasetArchiveError } from './dataset-archive-error';
import { checkedEntryPath } from './zip-directory';

/** Where the MOS table and the image folder are inside an extracted archive (`/`-separated, relative; `''` = the archive root). */
export interface ArchiveDatasetLayout {
  readonly table: string;
  readonly images: string;
}

/** `./a/b/` → `a/b`; `''`, `.` and `./` → `''` (the archive root). Unsafe paths are refused like entry names. */
export function normaliseArchivePath(path: string): string {
  const trimmed = path.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  if (trimmed === '' || trimmed === '.') return '';
  return checkedEntryPath(trimmed).path;
}

/** Files a default table search skips: macOS resource forks (`__MACOSX/`, `._x.csv`) and other dot-files. */
function isHidden(path: string): boolean {
  return path.startsWith('__MACOSX/') || path.split('/').some((segment) => segment.startsWith('.'));
}

const folderOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');

/**
 * Finds the MOS table and the image folder of a dataset archive.
 * - `table`: the given path inside the archive; by default the one `.csv` file of the archive (dot-files and
 *   `__MACOSX/` ignored), refused when there is none or more than one.
 * - `images`: the given folder inside the archive (`''` or `.` = the root); by default the `images` folder
 *   next to the table when there is one, else the table's own folder.
 */
export function locateArchiveDataset(archive: { files: readonly string[]; folders: readonly string[] }, wanted: { table?: string | undefined; images?: string | undefined } = {}): ArchiveDatasetLayout {
  let table: string;
  if (wanted.table !== undefined) {
    table = normaliseArchivePath(wanted.table);
    if (!archive.files.includes(table)) throw new DatasetArchiveError('ARCHIVE_TABLE_NOT_FOUND', `the archive has no file ${JSON.stringify(wanted.table)} (the table path is relative to the archive root)`, wanted.table);
  } else {
    const tables = archive.files.filter((path) => path.toLowerCase().endsWith('.csv') && !isHidden(path));
    if (tables.length !== 1) {
      const listed = tables.slice(0, 5).map((path) => JSON.stringify(path)).join(', ');
      throw new DatasetArchiveError(
        'ARCHIVE_TABLE_NOT_FOUND',
        tables.length === 0 ? 'the archive has no .csv file: put the MOS table in it, or name it with table' : `the archive has ${tables.length} .csv files (${listed}${tables.length > 5 ? ', …' : ''}): say which is the MOS table with table`,
      );
    }
    table = tables[0]!;
  }
  let images: string;
  if (wanted.images !== undefined) {
    images = normaliseArchivePath(wanted.images);
    if (images !== '' && !archive.folders.includes(images)) throw new DatasetArchiveError('ARCHIVE_IMAGES_NOT_FOUND', `the archive has no folder ${JSON.stringify(wanted.images)} (the images path is relative to the archive root)`, wanted.images);
  } else {
    const besideTable = [folderOf(table), 'images'].filter(Boolean).join('/');
    images = archive.folders.includes(besideTable) ? besideTable : folderOf(table);
  }
  return { table, images };
}
