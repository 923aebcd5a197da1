import { open, type FileHandle } from 'node:fs/promises';
import { WeightsError } from './weights-error';

/** The largest weight file read (2 GiB, Node's single-read limit; the catalog's models are < 100 MB). */
export const MAX_WEIGHT_FILE_BYTES = 2 ** 31;

/** Bytes read first and shown to `inspectHead`, before the rest of the file is allocated or read. */
export const WEIGHT_FILE_HEAD_BYTES = 16;

async function readFully(handle: FileHandle, into: Uint8Array, position: number, path: string): Promise<void> {
  let done = 0;
  while (done < into.length) {
    const { bytesRead } = await handle.read(into, done, into.length - done, position + done);
    if (bytesRead === 0) throw new WeightsError('MALFORMED_FILE', `${path}: the file got shorter while it was read`);
    done += bytesRead;
  }
}

/**
 * Reads a weight file in bounded memory: refuses files over MAX_WEIGHT_FILE_BYTES (LIMIT_EXCEEDED)
 * from their size alone, reads the first WEIGHT_FILE_HEAD_BYTES and lets `inspectHead(head,
 * fileSize)` refuse the file from its declared sizes (e.g. a safetensors header length) before
 * the rest is read, then reads the whole file into one buffer (no second copy).
 */
export async function readWeightFileBytes(
  path: string,
  inspectHead: (head: Uint8Array, fileSize: number) => void = () => undefined,
): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size > MAX_WEIGHT_FILE_BYTES) {
      throw new WeightsError('LIMIT_EXCEEDED', `${path}: ${size} bytes, over the 2 GiB limit for weight files (MAX_WEIGHT_FILE_BYTES)`);
    }
    const head = new Uint8Array(Math.min(size, WEIGHT_FILE_HEAD_BYTES));
    await readFully(handle, head, 0, path);
    inspectHead(head, size);
    const bytes = new Uint8Array(size);
    bytes.set(head);
    await readFully(handle, bytes.subarray(head.length), head.length, path);
    return bytes;
  } finally {
    await handle.close();
  }
}
