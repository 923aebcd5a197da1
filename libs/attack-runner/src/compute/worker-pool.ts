import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { AttackError, type AttackErrorCode } from '../runner/attack-error';
import { ComputeError, type ComputeErrorCode } from './compute-error';
import type { BackendName } from './select-backend';
import type { AttackJob, AttackJobResult, WorkerData, WorkerOutbound } from './worker-messages';

export type { AttackJob, AttackJobResult, ModelFactorySpec } from './worker-messages';

export interface WorkerPoolOptions {
  /** Number of workers: default `RANKFALL_WORKERS`, else one per core (`os.availableParallelism()`). */
  readonly size?: number;
  /** Backend every worker selects; default: each worker reads `RANKFALL_BACKEND` (automatic when unset). */
  readonly backend?: BackendName;
  /** Where `RANKFALL_WORKERS` is read (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface RunJobOptions {
  /** Cancels the job: removed from the queue, or cancelled between iterations in its worker. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: { readonly iteration: number; readonly total: number; readonly scores: readonly number[] }) => void;
}

interface PendingJob {
  readonly id: number;
  readonly job: AttackJob;
  readonly options: RunJobOptions;
  readonly resolve: (result: AttackJobResult) => void;
  readonly reject: (error: Error) => void;
  readonly detach: () => void;
}

interface Slot {
  worker: Worker;
  /** Set once the worker reported its backend; only ready slots get jobs. */
  backend: string | null;
  current: PendingJob | null;
}

const workerCountSchema = z.coerce
  .number({ error: 'must be a number' })
  .int({ error: 'must be an integer in [1, 256]' })
  .min(1, { error: 'must be an integer in [1, 256]' })
  .max(256, { error: 'must be an integer in [1, 256]' });

function resolveSize(options: WorkerPoolOptions): number {
  const fromEnv = (options.env ?? process.env)['RANKFALL_WORKERS'];
  const [source, raw] = options.size !== undefined ? ['size', options.size] : fromEnv ? ['RANKFALL_WORKERS', fromEnv] : [null, null];
  if (source === null) return availableParallelism();
  const parsed = workerCountSchema.safeParse(raw);
  if (!parsed.success) throw new ComputeError('INVALID_WORKER_COUNT', `${source}=${String(raw)} ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
  return parsed.data;
}

/** URL of tsx's `tsx/esm/api` for `import` (its export map's import condition; `require.resolve` gives the CJS one). */
function tsxEsmApiUrl(): string {
  const packageJson = createRequire(import.meta.url).resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(packageJson, 'utf8')) as { exports?: Record<string, unknown> };
  const entry = manifest.exports?.['./esm/api'] as { import?: string | { default?: string } } | undefined;
  const target = typeof entry?.import === 'string' ? entry.import : entry?.import?.default;
  if (!target) throw new ComputeError('WORKER_FAILED', 'cannot locate tsx/esm/api (needed to run TypeScript workers)');
  return pathToFileURL(resolve(dirname(packageJson), target)).href;
}

/**
 * How to start the worker entry beside this file. Compiled (.js): directly. TypeScript (.ts, under tsx or
 * vitest): through a one-line eval'd bootstrap that registers tsx's ESM loader in the worker (`tsx/esm/api`)
 * and then imports the entry — on Node 20 `execArgv: ['--import', 'tsx']` leaves the worker without the
 * loader ("Unknown file extension .ts").
 */
function workerEntry(): { script: string | URL; eval: boolean } {
  const typescript = import.meta.url.endsWith('.ts');
  const url = new URL(typescript ? './attack-worker.ts' : './attack-worker.js', import.meta.url);
  if (!typescript) return { script: url, eval: false };
  const tsxApi = tsxEsmApiUrl();
  return {
    script: `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`,
    eval: true,
  };
}

/** Rebuilds a domain error that crossed the thread boundary as plain data. */
function reviveError(message: Extract<WorkerOutbound, { type: 'error' }>): Error {
  if (message.name === 'AttackError' && message.code) return new AttackError(message.code as AttackErrorCode, message.message);
  if (message.name === 'ComputeError' && message.code) return new ComputeError(message.code as ComputeErrorCode, message.message);
  if (message.name === 'ZodError') return new AttackError('INVALID_INPUT', `invalid job: ${message.message}`);
  const error = new Error(message.message);
  error.name = message.name;
  return error;
}

/**
 * A pool of `worker_threads`, each with its own TF.js instance (on wasm, one process uses one core: the pool
 * is how a worker process uses the machine). Jobs are per-image attacks given as plain data; each worker
 * builds its model from the job's factory spec. Call `close()` when done (workers keep the process alive).
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: PendingJob[] = [];
  private nextId = 1;
  private closed = false;

  private constructor(
    readonly size: number,
    private readonly backend: BackendName | undefined,
  ) {}

  /**
   * Starts `size` workers and waits until each has selected its backend.
   *
   * @throws ComputeError `INVALID_WORKER_COUNT`, `WORKER_FAILED`, or a worker's `UNKNOWN_BACKEND` / `BACKEND_UNAVAILABLE`.
   */
  static async start(options: WorkerPoolOptions = {}): Promise<WorkerPool> {
    const pool = new WorkerPool(resolveSize(options), options.backend);
    const started = await Promise.allSettled(Array.from({ length: pool.size }, (_, i) => pool.spawn(i)));
    const failure = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failure) {
      await pool.close();
      throw failure.reason;
    }
    return pool;
  }

  /** The backend each worker selected, by worker index. */
  get backends(): readonly (string | null)[] {
    return this.slots.map((s) => s.backend);
  }

  /** Runs one job on the next free worker. Rejects with the worker's `AttackError` / `ComputeError`. */
  run(job: AttackJob, options: RunJobOptions = {}): Promise<AttackJobResult> {
    if (this.closed) return Promise.reject(new ComputeError('POOL_CLOSED', 'the worker pool is closed'));
    if (options.signal?.aborted) return Promise.reject(new AttackError('CANCELLED', `job cancelled before it started`));
    return new Promise<AttackJobResult>((resolve, reject) => {
      const id = this.nextId++;
      const onAbort = () => this.cancel(id);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const detach = () => options.signal?.removeEventListener('abort', onAbort);
      this.queue.push({ id, job, options, resolve, reject, detach });
      this.dispatch();
    });
  }

  /** Rejects queued and running jobs with `POOL_CLOSED` and terminates every worker. */
  async close(): Promise<void> {
    this.closed = true;
    const error = new ComputeError('POOL_CLOSED', 'the worker pool was closed');
    for (const pending of this.queue.splice(0)) this.settle(pending, error);
    const running = this.slots.flatMap((s) => (s.current ? [s.current] : []));
    for (const slot of this.slots) slot.current = null;
    for (const pending of running) this.settle(pending, error);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private settle(pending: PendingJob, outcome: Error | AttackJobResult): void {
    pending.detach();
    if (outcome instanceof Error) pending.reject(outcome);
    else pending.resolve(outcome);
  }

  private cancel(id: number): void {
    const queued = this.queue.findIndex((p) => p.id === id);
    if (queued >= 0) {
      const [pending] = this.queue.splice(queued, 1);
      if (pending) this.settle(pending, new AttackError('CANCELLED', 'job cancelled while queued'));
      return;
    }
    const slot = this.slots.find((s) => s.current?.id === id);
    slot?.worker.postMessage({ type: 'cancel', id });
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.backend === null || slot.current !== null) continue;
      const pending = this.queue.shift();
      if (!pending) return;
      slot.current = pending;
      slot.worker.postMessage({ type: 'job', id: pending.id, job: pending.job });
    }
  }

  /** Starts (or restarts) the worker of slot `index`; resolves once it reported its backend. */
  private spawn(index: number): Promise<void> {
    const entry = workerEntry();
    const data: WorkerData = this.backend ? { backend: this.backend } : {};
    const worker = new Worker(entry.script, { eval: entry.eval, workerData: data });
    const slot: Slot = this.slots[index] ?? { worker, backend: null, current: null };
    slot.worker = worker;
    slot.backend = null;
    this.slots[index] = slot;
    return new Promise<void>((resolve, reject) => {
      let ready = false;
      worker.on('message', (message: WorkerOutbound) => {
        if (slot.worker !== worker) return;
        if (message.type === 'ready') {
          ready = true;
          slot.backend = message.backend;
          resolve();
          this.dispatch();
          return;
        }
        if (message.type === 'startup-error') {
          reject(new ComputeError(message.code === 'UNKNOWN_BACKEND' || message.code === 'BACKEND_UNAVAILABLE' ? message.code : 'WORKER_FAILED', `worker ${index}: ${message.message}`));
          return;
        }
        const pending = slot.current;
        if (!pending || pending.id !== message.id) return;
        if (message.type === 'progress') {
          pending.options.onProgress?.({ iteration: message.iteration, total: message.total, scores: message.scores });
          return;
        }
        slot.current = null;
        this.settle(pending, message.type === 'result' ? { ...message.result, workerId: index } : reviveError(message));
        this.dispatch();
      });
      let dead = false;
      const failed = (reason: string) => {
        if (dead) return; // 'error' is followed by 'exit'
        dead = true;
        if (!ready) {
          reject(new ComputeError('WORKER_FAILED', `worker ${index} failed to start: ${reason}`));
          return;
        }
        if (slot.worker !== worker || this.closed) return;
        const pending = slot.current;
        slot.current = null;
        if (pending) this.settle(pending, new ComputeError('WORKER_FAILED', `worker ${index} died while running job ${pending.id}: ${reason}`));
        // Replace the dead worker; queued jobs wait for it (and for the other workers).
        this.spawn(index).catch((error: unknown) => {
          for (const queued of this.queue.splice(0)) this.settle(queued, error instanceof Error ? error : new Error(String(error)));
        });
      };
      worker.on('error', (error) => failed(error.message));
      worker.on('exit', (code) => {
        if (!this.closed) failed(`exited with code ${code}`);
      });
    });
  }
}
