import { z } from 'zod';
import { formatPercent } from './format';

/**
 * Live run progress: the `runUpdated` subscription's payload (the wire type), its reshaping into what the
 * live leaf shows (images done / total, stage, ETA), and the Server-Sent Events frames the dashboard's
 * events route writes. Pure and free of server imports: the route handler and the browser leaf both use it.
 */

export const LIVE_RUN_FIELDS = 'id status progress progressMessage imageCount startedAt updatedAt stages { kind status progress } shards { kind done total }';

export const RUN_UPDATED_SUBSCRIPTION = `subscription RunUpdated($runId: ID!) { runUpdated(runId: $runId) { ${LIVE_RUN_FIELDS} } }`;

const liveStatusWire = z.enum(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED']);

export const liveRunWire = z.object({
  id: z.string(),
  status: liveStatusWire,
  progress: z.number(),
  progressMessage: z.string().nullable(),
  imageCount: z.number(),
  startedAt: z.string().nullable(),
  updatedAt: z.string(),
  stages: z.array(z.object({ kind: z.string(), status: liveStatusWire, progress: z.number() })),
  shards: z.array(z.object({ kind: z.string(), done: z.number(), total: z.number() })),
});
export type LiveRunWire = z.infer<typeof liveRunWire>;

export interface LiveProgressView {
  runId: string;
  status: z.infer<typeof liveStatusWire>;
  active: boolean;
  progress: number;
  progressLabel: string;
  /** Images perturbed so far and the run's image count. */
  imagesDone: number;
  imagesTotal: number;
  /** The stage running now (or next), in words; null once the run has finished. */
  stage: string | null;
  message: string | null;
  /** Seconds left at the pace so far; null while too early to say or when finished. */
  etaSeconds: number | null;
  etaLabel: string | null;
  updatedAt: string;
}

const STAGE_LABELS: Record<string, string> = { CLEAN_SCORING: 'scoring clean images', TARGETS: 'stage 1: target ranking', TRAIN_UAP: 'training the universal perturbation', PERTURB: 'perturbing images', AGGREGATE: 'computing metrics' };

/** "42 s", "3 min 5 s", "1 h 2 min". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const minutes = Math.floor((s % 3600) / 60);
  return `${Math.floor(s / 3600)} h${minutes ? ` ${minutes} min` : ''}`;
}

/** One subscription payload → the live view. `now` is the time to measure the ETA at (ms since the epoch). */
export function toLiveProgress(run: LiveRunWire, now: number): LiveProgressView {
  const active = run.status === 'QUEUED' || run.status === 'RUNNING';
  const progress = Math.min(1, Math.max(0, Number.isFinite(run.progress) ? run.progress : 0));
  const perturb = run.shards.filter((shard) => shard.kind === 'PERTURB');
  const imagesDone = perturb.reduce((sum, shard) => sum + shard.done, 0);
  const imagesTotal = perturb.length ? perturb.reduce((sum, shard) => sum + shard.total, 0) : run.imageCount;
  const current = run.stages.find((stage) => stage.status === 'RUNNING') ?? run.stages.find((stage) => stage.status === 'QUEUED');
  const started = run.startedAt ? Date.parse(run.startedAt) : Number.NaN;
  const elapsed = (now - started) / 1000;
  const etaSeconds = active && run.status === 'RUNNING' && progress >= 0.02 && progress < 1 && Number.isFinite(elapsed) && elapsed > 0 ? (elapsed * (1 - progress)) / progress : null;
  return {
    runId: run.id,
    status: run.status,
    active,
    progress,
    progressLabel: formatPercent(progress),
    imagesDone,
    imagesTotal,
    stage: active ? (current ? (STAGE_LABELS[current.kind] ?? current.kind.toLowerCase()) : run.status === 'QUEUED' ? 'waiting for a worker' : null) : null,
    message: run.progressMessage,
    etaSeconds,
    etaLabel: etaSeconds === null ? null : `about ${formatDuration(etaSeconds)} left`,
    updatedAt: run.updatedAt,
  };
}

// ---------------------------------------------------------------------------------------------------
// Server-Sent Events frames (what /runs/[id]/events and /runs/events write)

export type LiveEvent = { type: 'run'; run: LiveRunWire } | { type: 'end'; runId: string; reason: string } | { type: 'failed'; message: string };

/** One SSE frame: `event:` is the type, `data:` the JSON (one line: JSON.stringify never writes a newline). */
export function sseFrame(event: LiveEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

const liveEventWire = z.discriminatedUnion('type', [
  z.object({ type: z.literal('run'), run: liveRunWire }),
  z.object({ type: z.literal('end'), runId: z.string(), reason: z.string() }),
  z.object({ type: z.literal('failed'), message: z.string() }),
]);

/** An SSE message's data back into an event; null for anything malformed (the browser leaf ignores it). */
export function parseLiveEvent(data: string): LiveEvent | null {
  try {
    const parsed = liveEventWire.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Run ids from the URL of the multi-run events route (`?ids=a,b`): only id-shaped, at most `max`, no duplicates. */
export function parseRunIds(value: string | null, max = 25): string[] | null {
  if (!value) return null;
  const ids = [...new Set(value.split(',').map((id) => id.trim()).filter(Boolean))];
  if (!ids.length || ids.length > max || ids.some((id) => !/^[A-Za-z0-9_-]{1,64}$/.test(id))) return null;
  return ids;
}

/** A trailing throttle: calls `fn` at most once per `ms`, and once more after the last call in a burst. */
export function throttle(fn: () => void, ms: number, clock: { now(): number; setTimeout(cb: () => void, ms: number): unknown; clearTimeout(handle: unknown): void }): { call(): void; cancel(): void } {
  let last = -Infinity;
  let timer: unknown = null;
  const fire = () => {
    timer = null;
    last = clock.now();
    fn();
  };
  return {
    call() {
      const wait = last + ms - clock.now();
      if (wait <= 0 && timer === null) fire();
      else if (timer === null) timer = clock.setTimeout(fire, Math.max(0, wait));
    },
    cancel() {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
  };
}
