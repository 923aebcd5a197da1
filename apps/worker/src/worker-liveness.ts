import { WORKER_LIVENESS_LOCK_NAMESPACE as LIVENESS_NAMESPACE } from '@rankfall/db';
import pg from 'pg';

export interface WorkerLiveness {
  /** Marks a graphile worker of this process alive for as long as this process's connection lives. */
  hold(workerId: string): Promise<void>;
  /** Unlocks jobs held by workers whose process died (their advisory lock is free); returns how many workers were rescued. */
  rescue(): Promise<string[]>;
  stop(): Promise<void>;
}

/**
 * Crash recovery across processes and machines: every graphile worker holds a session-level advisory
 * lock on a dedicated connection of its process. A process killed with SIGKILL loses its connection, so
 * PostgreSQL frees the lock; any other worker then sees the lock free and unlocks the dead worker's jobs
 * (graphile_worker.force_unlock_workers) instead of waiting for graphile-worker's 4-hour lock expiry.
 * Only jobs locked for longer than `graceMs` are considered (a worker takes its lock right after it is
 * created, before that it may already hold a job).
 */
export async function startWorkerLiveness(connectionString: string, options: { graceMs?: number; log?: (line: string) => void } = {}): Promise<WorkerLiveness> {
  const held = new Set<string>();
  const graceSeconds = Math.max(0, Math.round((options.graceMs ?? 15_000) / 1000));
  let stopped = false;
  const lock = (client: pg.Client, workerId: string) => client.query('SELECT pg_advisory_lock($1, hashtext($2))', [LIVENESS_NAMESPACE, workerId]);

  // A lost connection frees its locks: reconnect (with backoff) and take them again, so a database
  // restart does not make this live process look dead to the others for longer than the outage.
  const connect = async (role: string, onLost: () => void): Promise<pg.Client> => {
    for (let attempt = 0; ; attempt += 1) {
      const client = new pg.Client({ connectionString });
      client.on('error', (error) => options.log?.(`${role} connection lost: ${error.message}`));
      try {
        await client.connect();
        client.once('end', () => {
          if (!stopped) onLost();
        });
        return client;
      } catch (error) {
        await client.end().catch(() => undefined);
        if (stopped || attempt >= 60) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 200 * 2 ** attempt)));
      }
    }
  };
  let holder: Promise<pg.Client>;
  let rescuer: Promise<pg.Client>;
  const connectHolder = (): Promise<pg.Client> =>
    connect('liveness', () => {
      holder = connectHolder().then(async (client) => {
        for (const workerId of held) await lock(client, workerId);
        options.log?.(`liveness reconnected (${held.size} worker lock(s) taken again)`);
        return client;
      });
      holder.catch((error: Error) => options.log?.(`liveness reconnect failed: ${error.message}`));
    });
  const connectRescuer = (): Promise<pg.Client> =>
    connect('rescue', () => {
      rescuer = connectRescuer();
      rescuer.catch(() => undefined);
    });
  holder = connectHolder();
  rescuer = connectRescuer();
  await Promise.all([holder, rescuer]);
  return {
    async hold(workerId) {
      held.add(workerId);
      await lock(await holder, workerId);
    },
    async rescue() {
      const client = await rescuer;
      const { rows } = await client.query<{ locked_by: string }>(
        `SELECT DISTINCT locked_by FROM graphile_worker._private_jobs WHERE locked_by IS NOT NULL AND locked_at < now() - make_interval(secs => $1)`,
        [graceSeconds],
      );
      const rescued: string[] = [];
      for (const { locked_by: workerId } of rows) {
        if (held.has(workerId)) continue;
        const { rows: free } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [LIVENESS_NAMESPACE, workerId]);
        if (!free[0]?.ok) continue;
        try {
          await client.query('SELECT graphile_worker.force_unlock_workers($1::text[])', [[workerId]]);
          rescued.push(workerId);
        } finally {
          await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LIVENESS_NAMESPACE, workerId]);
        }
      }
      return rescued;
    },
    async stop() {
      stopped = true;
      await Promise.allSettled([holder.then((c) => c.end()), rescuer.then((c) => c.end())]);
    },
  };
}
