import { issueApiToken, notifyRunEvent, setRunProgress, startSession, updateStage } from '@rankfall/db';
import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startApiServer, type RunningApi } from '../create-api-server';
import { seedTeam, type SeededTeam } from '../testing/seed-world';
import { createTestApi, type TestApi } from '../testing/test-api';

let db: TestDatabase;
let api: TestApi;
let server: RunningApi;
let a: SeededTeam;
let b: SeededTeam;
let tokenA: string;
const clients: Client[] = [];

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_api_ws' });
  api = await createTestApi(db.prisma);
  a = await seedTeam(db.prisma, api.store, 'ws-a', { images: 2 });
  b = await seedTeam(db.prisma, api.store, 'ws-b', { images: 2 });
  tokenA = (await issueApiToken(db.prisma, { userId: a.viewer.id, teamId: a.team.id, name: 'ws', role: 'VIEWER' })).secret;
  server = await startApiServer({ prisma: db.prisma, databaseUrl: db.url, artifactStore: api.store, port: 0, host: '127.0.0.1', webOrigins: ['http://127.0.0.1:3000'] });
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  await server?.stop();
  await api?.stop();
  await db?.drop();
});

function connect(options: { authorization?: string; cookie?: string; origin?: string } = {}): { client: Client; closed: Promise<number> } {
  let onClosed: (code: number) => void = () => undefined;
  const closed = new Promise<number>((resolve) => (onClosed = resolve));
  const headers = { ...(options.cookie ? { cookie: options.cookie } : {}), ...(options.origin ? { origin: options.origin } : {}) };
  class HeaderWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  }
  const client = createClient({
    url: server.url.replace('http', 'ws'),
    webSocketImpl: HeaderWebSocket,
    retryAttempts: 0,
    lazy: false,
    connectionParams: options.authorization ? { authorization: options.authorization } : {},
    on: { closed: (event) => onClosed((event as { code: number }).code) },
    onNonLazyError: () => undefined,
  });
  clients.push(client);
  return { client, closed };
}

const RUN_UPDATED = 'subscription ($runId: ID!) { runUpdated(runId: $runId) { id status progress progressMessage stages { kind status progress } } }';
type Update = { data?: { runUpdated: { status: string; progress: number; progressMessage: string | null; stages: Array<{ kind: string; status: string }> } }; errors?: Array<{ extensions?: { code?: string } }> };

async function nextOf(iterator: AsyncIterator<Update>): Promise<Update> {
  const result = await Promise.race([iterator.next(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no update within 10 s')), 10_000))]);
  if (result.done) throw new Error('the subscription ended');
  return result.value;
}

/** The code of the first error, whether graphql-ws sent it as an `error` message or a `next` with errors. */
async function firstErrorCode(iterator: AsyncIterator<Update>): Promise<string | undefined> {
  try {
    return (await nextOf(iterator)).errors?.[0]?.extensions?.code;
  } catch (error) {
    if (Array.isArray(error)) return (error[0] as { extensions?: { code?: string } }).extensions?.code;
    throw error;
  }
}

describe('runUpdated over graphql-ws', () => {
  it('sends the run now, then again after each change notified on rankfall_run_events', async () => {
    const { client } = connect({ authorization: `Bearer ${tokenA}` });
    const updates = client.iterate<Update['data']>({ query: RUN_UPDATED, variables: { runId: a.runId } }) as AsyncIterableIterator<Update>;
    const first = await nextOf(updates);
    expect(first.data?.runUpdated).toMatchObject({ status: 'QUEUED', progress: 0 });

    await setRunProgress(db.prisma, a.runId, 0.25, 'scoring clean images');
    await updateStage(db.prisma, a.runId, 'CLEAN_SCORING', { status: 'RUNNING', progress: 0.5 });
    await notifyRunEvent(db.prisma, { id: a.runId, teamId: a.team.id });
    const second = await nextOf(updates);
    expect(second.data?.runUpdated).toMatchObject({ progress: 0.25, progressMessage: 'scoring clean images' });
    expect(second.data?.runUpdated.stages.find((stage) => stage.kind === 'CLEAN_SCORING')).toMatchObject({ status: 'RUNNING', progress: 0.5 });

    // Another run's event does not wake this subscription.
    await notifyRunEvent(db.prisma, { id: b.runId, teamId: b.team.id });
    await setRunProgress(db.prisma, a.runId, 0.5, 'half');
    await db.prisma.$executeRaw`SELECT pg_notify('rankfall_run_events', ${JSON.stringify({ runId: a.runId, teamId: a.team.id })})`;
    expect((await nextOf(updates)).data?.runUpdated).toMatchObject({ progress: 0.5, progressMessage: 'half' });
    await updates.return?.();
  });

  it('authenticates from the session cookie of an allowed origin only', async () => {
    const { cookie } = await startSession(db.prisma, a.member.id);
    const allowed = connect({ cookie: `rankfall_session=${encodeURIComponent(cookie)}`, origin: 'http://127.0.0.1:3000' });
    const ok = allowed.client.iterate({ query: RUN_UPDATED, variables: { runId: a.runId } }) as AsyncIterableIterator<Update>;
    expect((await nextOf(ok)).data?.runUpdated.status).toBe('QUEUED');
    await ok.return?.();

    const foreign = connect({ cookie: `rankfall_session=${encodeURIComponent(cookie)}`, origin: 'https://evil.example' });
    const refused = foreign.client.iterate({ query: RUN_UPDATED, variables: { runId: a.runId } }) as AsyncIterableIterator<Update>;
    expect(await firstErrorCode(refused)).toBe('UNAUTHENTICATED');
  });

  it('closes the connection for a bad token and refuses another team’s run and non-subscriptions', async () => {
    const bad = connect({ authorization: 'Bearer rfk_nope' });
    expect(await bad.closed).toBe(4403);

    const { client } = connect({ authorization: `Bearer ${tokenA}` });
    const foreign = client.iterate({ query: RUN_UPDATED, variables: { runId: b.runId } }) as AsyncIterableIterator<Update>;
    expect(await firstErrorCode(foreign)).toBe('NOT_FOUND');
    const query = client.iterate({ query: '{ viewer { via } }' }) as AsyncIterableIterator<Update>;
    expect(await firstErrorCode(query)).toBe('BAD_REQUEST');
  });
});
