import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { ImageIoError } from './image-io-error';

/** Hex SHA-256 of a byte buffer. */
export function sha256Bytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Hex SHA-256 of a file, streamed (constant memory whatever the size). */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch (cause) {
    throw new ImageIoError('FILE_UNREADABLE', path, `cannot read: ${(cause as Error).message}`, { cause });
  }
  return hash.digest('hex');
}
