import type { ArtifactStore, PrismaClient } from '@rankfall/db';
import type { ModelCache } from './model-cache';

/** What a stage needs from the process that runs it (the worker, or a test). */
export interface StageContext {
  readonly prisma: PrismaClient;
  readonly store: ArtifactStore;
  /** `host:pid` (or a test's name): recorded on the shards this process runs. */
  readonly workerId: string;
  readonly models: ModelCache;
  /** Fires when the process is stopping: the stage stops between images/iterations and its job is retried. */
  readonly signal?: AbortSignal;
  /** SMA stage 1: iterations between two checkpoints written to the database (default 5 000). */
  readonly checkpointEvery?: number;
  /** Least time between two progress writes of a perturb shard (default 250 ms; 0 = after every image). */
  readonly progressEveryMs?: number;
  /** Compute backend recorded on the run (e.g. `wasm`). */
  readonly backend?: { readonly name: string; readonly environment: Record<string, unknown> };
  readonly log?: (line: string) => void;
}

/** What a stage did: `skipped` when its work was already done (an idempotent re-run writes nothing). */
export type StageOutcome = 'done' | 'skipped' | 'cancelled';
