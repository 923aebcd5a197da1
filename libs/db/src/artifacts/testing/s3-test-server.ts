import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

/** s3rver's one built-in account (it checks the access key id, not V4 signatures). */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface S3TestServer {
  endpoint: string;
  bucket: string;
  /** Object keys PUT so far (from s3rver's ObjectCreated events), in order. */
  readonly puts: string[];
  close(): Promise<void>;
}

/**
 * A real S3-compatible HTTP server (s3rver, from npm, runs offline) on 127.0.0.1 and a free port, with
 * one bucket, storing into a fresh temp folder that `close` removes.
 */
export async function startS3TestServer(bucket = 'rankfall-test'): Promise<S3TestServer> {
  const directory = mkdtempSync(join(tmpdir(), 'rankfall-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const puts: string[] = [];
  server.on('event', (event) => {
    for (const record of event.Records) if (record.eventName.startsWith('ObjectCreated')) puts.push(record.s3.object.key);
  });
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    bucket,
    puts,
    close: async () => {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
