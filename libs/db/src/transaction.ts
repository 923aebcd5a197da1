import type { DbTx, PrismaClient } from './prisma-client';

export interface TransactionOptions {
  /** Milliseconds to wait for a connection from the pool. */
  maxWait?: number;
  /** Milliseconds the whole transaction may take (large imports need more than Prisma's 5 s). */
  timeout?: number;
}

/**
 * Runs `work` in one interactive transaction: every write commits together or not at all.
 * Jobs are enqueued inside the same transaction as the rows they serve (STYLE.md §13).
 */
export function withTransaction<T>(prisma: PrismaClient, work: (tx: DbTx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  return prisma.$transaction((tx) => work(tx), { maxWait: options.maxWait ?? 10_000, timeout: options.timeout ?? 60_000 });
}
