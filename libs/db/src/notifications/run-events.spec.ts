import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { RunEventsListener, type RunEvent } from './run-events';

let db: TestDatabase;
let listener: RunEventsListener;
const events: RunEvent[] = [];
const errors: Error[] = [];
let reconnects = 0;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_events', migrate: false });
  listener = await RunEventsListener.start({ databaseUrl: db.url, onError: (error) => errors.push(error), reconnectDelayMs: { initial: 20, max: 200 } });
  listener.subscribe({ event: (event) => events.push(event), reconnected: () => (reconnects += 1) });
});
afterAll(async () => {
  await listener?.close();
  await db?.drop();
});

async function waitFor(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const notify = (payload: string) => db.prisma.$executeRaw`SELECT pg_notify('rankfall_run_events', ${payload})`;

describe('RunEventsListener', () => {
  it('delivers valid payloads and reports malformed ones without stopping', async () => {
    await notify('not json');
    await notify(JSON.stringify({ runId: 'r1' }));
    await notify(JSON.stringify({ runId: 'r1', teamId: 't1' }));
    await waitFor(() => events.length === 1, 'the event');
    expect(events).toEqual([{ runId: 'r1', teamId: 't1' }]);
    expect(errors.map((error) => error.message)).toEqual([expect.stringContaining('malformed'), expect.stringContaining('malformed')]);
  });

  it('reconnects when its connection is killed and keeps delivering', async () => {
    const pid = listener.backendPid;
    expect(pid).toEqual(expect.any(Number));
    await db.prisma.$queryRaw`SELECT pg_terminate_backend(${pid}::int)`;
    await waitFor(() => reconnects === 1 && listener.backendPid !== null, 'the reconnection');
    expect(listener.backendPid).not.toBe(pid);
    await notify(JSON.stringify({ runId: 'r2', teamId: 't1' }));
    await waitFor(() => events.length === 2, 'the event after reconnecting');
    expect(events[1]).toEqual({ runId: 'r2', teamId: 't1' });
  });
});
