import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { apiUrl, SESSION_COOKIE } from './api';
import { liveRunWire, RUN_UPDATED_SUBSCRIPTION, sseFrame, type LiveEvent } from './run-live';

/**
 * The server half of the live run pages: one graphql-ws connection to the API (authenticated with the viewer's
 * session cookie, sent as a header from this server, so no Origin is involved), one `runUpdated` subscription per
 * run id, multiplexed into one Server-Sent Events stream. The upstream connection is closed when the browser goes
 * away (`signal`, or the stream being cancelled), when every run has finished, or when the API ends a subscription.
 */

/** The API's graphql-ws endpoint: the GraphQL URL with ws(s):. */
export function apiWsUrl(graphqlUrl: string = apiUrl()): string {
  const url = new URL(graphqlUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/** Whatever graphql-ws reports as an error (an Error, GraphQL errors, a close event) in one line. */
export function describeUpstreamError(error: unknown): string {
  if (Array.isArray(error)) return error.map((e: { message?: unknown }) => String(e?.message ?? e)).join('; ') || 'the subscription failed';
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && 'code' in error) {
    const close = error as { code: unknown; reason?: unknown };
    return `the API closed the live connection (${String(close.code)}${close.reason ? `: ${String(close.reason)}` : ''})`;
  }
  return String(error);
}

const HEARTBEAT_MS = 15_000;

export function runEventStream(runIds: readonly string[], session: string, signal: AbortSignal, options: { url?: string } = {}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let stop: () => void = () => undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const write = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          finish();
        }
      };
      const send = (event: LiveEvent) => write(sseFrame(event));
      const headers = { cookie: `${SESSION_COOKIE}=${encodeURIComponent(session)}` };
      class SessionWebSocket extends WebSocket {
        constructor(address: string | URL, protocols?: string | string[]) {
          super(address, protocols, { headers });
        }
      }
      const client = createClient({ url: options.url ?? apiWsUrl(), webSocketImpl: SessionWebSocket, lazy: true, retryAttempts: 2, keepAlive: 10_000 });
      const active = new Set(runIds);
      const unsubscribes: Array<() => void> = [];
      const heartbeat = setInterval(() => write(': keep-alive\n\n'), HEARTBEAT_MS);
      function finish() {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        signal.removeEventListener('abort', finish);
        for (const unsubscribe of unsubscribes) unsubscribe();
        void client.dispose();
        try {
          controller.close();
        } catch {
          // already closed by the reader going away
        }
      }
      stop = finish;
      if (signal.aborted) return finish();
      signal.addEventListener('abort', finish, { once: true });
      write(': connected\n\n');
      for (const runId of runIds) {
        unsubscribes.push(
          client.subscribe<{ runUpdated: unknown }>(
            { query: RUN_UPDATED_SUBSCRIPTION, variables: { runId } },
            {
              next: (result) => {
                if (result.errors?.length) return send({ type: 'failed', message: describeUpstreamError(result.errors) });
                const run = liveRunWire.safeParse(result.data?.runUpdated);
                if (!run.success) return send({ type: 'failed', message: 'The API sent a run update of an unexpected shape.' });
                send({ type: 'run', run: run.data });
                if (run.data.status !== 'QUEUED' && run.data.status !== 'RUNNING') {
                  active.delete(runId);
                  if (active.size === 0) finish();
                }
              },
              error: (error) => {
                send({ type: 'failed', message: describeUpstreamError(error) });
                finish();
              },
              complete: () => {
                send({ type: 'end', runId, reason: 'The run can no longer be read.' });
                active.delete(runId);
                if (active.size === 0) finish();
              },
            },
          ),
        );
      }
    },
    cancel() {
      stop();
    },
  });
}

/** The events route's answer: the stream with the headers SSE needs (no caching, no proxy buffering). */
export function runEventsResponse(runIds: readonly string[], session: string | undefined, signal: AbortSignal): Response {
  if (!session) return new Response('Sign in to follow runs live.', { status: 401, headers: { 'content-type': 'text/plain' } });
  return new Response(runEventStream(runIds, session, signal), {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' },
  });
}
