import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { type DatasetProblemCode } from './dataset-import-error';

/** Default largest image file an import reads: 256 MiB (a 40 MP 16-bit TIFF is about 240 MB). */
export const DEFAULT_MAX_IMAGE_BYTES = 256 * 1024 * 1024;

export type FileInRootResult = { readonly bytes: Uint8Array } | { readonly problem: DatasetProblemCode; readonly text: string };

function inside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * Reads `root/key` only if it really is a regular file inside `root` (the root's real path, from
 * `realpath`): symbolic links may point anywhere *inside* the root, but a link (of the file or of any
 * folder on the way) that leads out of it is refused before anything is opened, and the refusal never
 * names the target. The file is opened without following a final link and without blocking (a FIFO
 * cannot hang the import), then checked again through the open descriptor (`/proc/self/fd`, where there
 * is one) so a link swapped in between is caught too. Devices, FIFOs, sockets and folders are refused,
 * as are files over `maxBytes`. Problems are returned, never thrown, and never quote file bytes
 * (`shownAs` is the path named when the file is missing).
 */
export async function readFileInRoot(realRoot: string, key: string, maxBytes: number, shownAs: string): Promise<FileInRootResult> {
  const path = resolve(realRoot, ...key.split('/'));
  let real: string;
  try {
    real = await realpath(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { problem: 'IMAGE_MISSING', text: `file not found: ${shownAs}` };
    if (code === 'ELOOP') return { problem: 'IMAGE_UNREADABLE', text: 'the path is a loop of symbolic links' };
    return { problem: 'IMAGE_UNREADABLE', text: `cannot resolve the path (${code ?? 'unknown error'})` };
  }
  if (!inside(realRoot, real)) {
    return { problem: 'IMAGE_OUTSIDE_ROOT', text: 'is a symbolic link (or inside one) that leads out of the image root: refused, not read' };
  }
  let handle;
  try {
    handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { problem: 'IMAGE_OUTSIDE_ROOT', text: 'became a symbolic link while importing: refused, not read' };
    return { problem: 'IMAGE_UNREADABLE', text: `cannot open the file (${code ?? 'unknown error'})` };
  }
  try {
    const opened = await realpath(`/proc/self/fd/${handle.fd}`).catch(() => null);
    if (opened !== null && opened.startsWith('/') && !inside(realRoot, opened)) {
      return { problem: 'IMAGE_OUTSIDE_ROOT', text: 'moved out of the image root while importing: refused, not read' };
    }
    const info = await handle.stat();
    if (!info.isFile()) return { problem: 'IMAGE_UNREADABLE', text: 'not a regular file (a folder, device, FIFO or socket): refused, not read' };
    if (info.size > maxBytes) return { problem: 'IMAGE_TOO_LARGE', text: `${info.size} bytes exceeds the limit of ${maxBytes} bytes per image file` };
    return { bytes: await handle.readFile() };
  } catch (cause) {
    return { problem: 'IMAGE_UNREADABLE', text: `cannot read the file (${(cause as NodeJS.ErrnoException).code ?? 'unknown error'})` };
  } finally {
    await handle.close();
  }
}
