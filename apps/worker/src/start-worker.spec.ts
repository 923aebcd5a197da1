import { enqueueJob, withTransaction } from '@rankfall/db';
import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { runOnce } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthcheckTask } from './tasks/healthcheck.task';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_worker' });
});
afterAll(async () => {
  await db?.drop();
});

async function jobCount(): Promise<number> {
  const rows = await db.prisma.$queryRaw<Array<{ n: bigint }>>`SELECT count(*) AS n FROM graphile_worker.jobs`;
  return Number(rows[0]?.n);
}

describe('queue round trip', () => {
  it('runs a job enqueued inside a transaction, once, keyed', async () => {
    const requestedAt = new Date('2026-01-01T00:00:00Z').toISOString();
    await withTransaction(db.prisma, async (tx) => {
      await enqueueJob(tx, 'healthcheck', { requestedAt });
      await enqueueJob(tx, 'healthcheck', { requestedAt });
    });
    expect(await jobCount()).toBe(1);
    await runOnce({ connectionString: db.url, taskList: { healthcheck: healthcheckTask } });
    expect(await jobCount()).toBe(0);
  });

  it('enqueues nothing when the transaction rolls back', async () => {
    await expect(
      withTransaction(db.prisma, async (tx) => {
        await enqueueJob(tx, 'healthcheck', { requestedAt: new Date().toISOString() });
        throw new Error('row insert failed');
      }),
    ).rejects.toThrow('row insert failed');
    expect(await jobCount()).toBe(0);
  });

  it('refuses an invalid payload before it reaches the queue', async () => {
    await expect(enqueueJob(db.prisma, 'perturb', { runId: 'r', shard: 3, shardCount: 2 })).rejects.toMatchObject({ code: 'INVALID_PAYLOAD' });
    expect(await jobCount()).toBe(0);
  });
});
