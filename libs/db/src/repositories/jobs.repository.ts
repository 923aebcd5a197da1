import { jobKey, parseJobPayload, type JobName, type JobPayload } from '@rankfall/job-contracts';
import type { Db } from '../prisma-client';

export interface EnqueueOptions {
  maxAttempts?: number;
  runAt?: Date;
  queueName?: string;
}

/**
 * Enqueues a graphile-worker job through the given client — pass the transaction client so the job
 * commits (or rolls back) together with the rows it serves (STYLE.md §13). The payload is validated
 * against its contract and the job key derived from it, so an enqueue repeated is one job.
 */
export async function enqueueJob<Name extends JobName>(db: Db, name: Name, payload: JobPayload<Name>, options: EnqueueOptions = {}): Promise<{ jobId: string; key: string }> {
  const valid = parseJobPayload(name, payload);
  const key = jobKey(name, valid);
  const rows = await db.$queryRaw<Array<{ id: bigint }>>`
    SELECT id FROM graphile_worker.add_job(
      identifier => ${name}::text,
      payload => ${JSON.stringify(valid)}::json,
      queue_name => ${options.queueName ?? null}::text,
      run_at => ${options.runAt ?? null}::timestamptz,
      max_attempts => ${options.maxAttempts ?? 5}::smallint,
      job_key => ${key}::text
    )`;
  return { jobId: String(rows[0]?.id), key };
}

/** Advisory-lock namespace (first key of pg_advisory_lock(int, int)) every live Rankfall worker holds one lock in. */
export const WORKER_LIVENESS_LOCK_NAMESPACE = 7_311_001;

/** Graphile workers alive on this database right now (each holds a liveness advisory lock while its process lives). */
export async function countLiveWorkers(db: Db): Promise<number> {
  const rows = await db.$queryRaw<Array<{ n: bigint }>>`
    SELECT count(*) AS n FROM pg_locks
    WHERE locktype = 'advisory' AND granted AND classid = ${WORKER_LIVENESS_LOCK_NAMESPACE}::int::oid
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
  return Number(rows[0]?.n ?? 0);
}
