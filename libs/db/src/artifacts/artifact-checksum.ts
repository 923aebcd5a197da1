import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { DbError } from '../db-error';

/** Hex SHA-256 of a file, streamed. */
export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

export function sha256OfBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The error every store raises when bytes are not the ones the caller (or the key) names. */
export function checksumMismatch(what: string, sha256: string, expected: string): DbError {
  return new DbError('ARTIFACT_CHECKSUM_MISMATCH', `${what} has sha256 ${sha256}, expected ${expected}: refused`);
}
