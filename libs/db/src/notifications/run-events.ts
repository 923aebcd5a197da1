import pg from 'pg';
import { z } from 'zod';
import { parseDatabaseUrl } from '../migrate/database-url';
import { RUN_EVENTS_CHANNEL } from '../repositories/runs.repository';

/** The NOTIFY payload: which run of which team changed. */
export const runEventSchema = z.object({ runId: z.string().min(1).max(100), teamId: z.string().min(1).max(100) });
export type RunEvent = z.infer<typeof runEventSchema>;

export interface RunEventsHandler {
  /** A run changed. */
  event(event: RunEvent): void;
  /** The listening connection came back after a drop: events may have been missed, so state should be re-read. */
  reconnected?(): void;
}

export interface RunEventsListenerOptions {
  databaseUrl: string;
  /** Connection problems and malformed payloads (never thrown: the listener keeps going). */
  onError?: (error: Error) => void;
  /** First and longest wait between reconnection attempts (milliseconds). */
  reconnectDelayMs?: { initial: number; max: number };
}

/**
 * One dedicated PostgreSQL connection per process that LISTENs on `rankfall_run_events` and fans the
 * events out to in-process handlers (the API's subscriptions). When the connection drops it reconnects
 * with exponential backoff and tells every handler, so they can re-read what they may have missed.
 */
export class RunEventsListener {
  private client: pg.Client | null = null;
  private readonly handlers = new Set<RunEventsHandler>();
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private pid: number | null = null;

  private constructor(private readonly options: RunEventsListenerOptions) {}

  /** Connects and starts listening; the first connection must succeed (fail fast at start-up). */
  static async start(options: RunEventsListenerOptions): Promise<RunEventsListener> {
    const listener = new RunEventsListener(options);
    await listener.connect();
    return listener;
  }

  /** Backend process id of the listening connection (null while reconnecting). */
  get backendPid(): number | null {
    return this.pid;
  }

  subscribe(handler: RunEventsHandler): () => void {
    this.handlers.add(handler);
    return () => {
      this.handlers.delete(handler);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.handlers.clear();
    const client = this.client;
    this.client = null;
    this.pid = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ ...parseDatabaseUrl(this.options.databaseUrl), application_name: 'rankfall-run-events' });
    client.on('notification', (message) => this.onNotification(message));
    client.on('error', (error) => {
      this.options.onError?.(error);
      this.dropped(client);
    });
    client.on('end', () => this.dropped(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${RUN_EVENTS_CHANNEL}`);
      const result = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      this.pid = result.rows[0]?.pid ?? null;
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.attempt = 0;
  }

  private onNotification(message: pg.Notification): void {
    if (message.channel !== RUN_EVENTS_CHANNEL) return;
    let parsed: RunEvent;
    try {
      parsed = runEventSchema.parse(JSON.parse(message.payload ?? ''));
    } catch {
      this.options.onError?.(new Error(`ignored a malformed ${RUN_EVENTS_CHANNEL} payload`));
      return;
    }
    for (const handler of [...this.handlers]) handler.event(parsed);
  }

  private dropped(client: pg.Client): void {
    if (this.client !== client || this.closed) return;
    this.client = null;
    this.pid = null;
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    const { initial, max } = this.options.reconnectDelayMs ?? { initial: 200, max: 10_000 };
    const delay = Math.min(max, initial * 2 ** this.attempt);
    this.attempt += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect().then(
        () => {
          if (this.closed) return;
          for (const handler of [...this.handlers]) handler.reconnected?.();
        },
        (error: unknown) => {
          this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
          this.scheduleReconnect();
        },
      );
    }, delay);
    this.reconnectTimer.unref();
  }
}
