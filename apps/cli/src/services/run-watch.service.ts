import { findRun, findRunStages, type PrismaClient, type RunSummary } from '@rankfall/db';

export interface WatchOptions {
  /** Milliseconds between two polls (default 500). */
  intervalMs?: number;
  /** Draw one updating bar (a terminal) instead of a line per 10 % and per stage. */
  tty?: boolean;
  signal?: AbortSignal;
  out: (line: string) => void;
  write?: (text: string) => void;
}

const TERMINAL = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

/** `12 s`, `3 min 20 s`, `1 h 05 min`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** Remaining time from the progress made since watching started (null until there is a rate). */
export function estimateRemaining(progress: number, startProgress: number, elapsedMs: number): number | null {
  const made = progress - startProgress;
  if (made <= 0.001 || elapsedMs < 1000) return null;
  return ((1 - progress) * elapsedMs) / made;
}

/** `[████████░░░░░░░░]  52 %` */
export function progressBar(progress: number, width = 24): string {
  const filled = Math.round(Math.min(1, Math.max(0, progress)) * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(Math.round(progress * 100)).padStart(3)} %`;
}

/**
 * Follows a run until it finishes (or the signal fires), polling the database: a progress bar with the
 * current stage's message and an ETA. Any number of workers may be executing it anywhere.
 */
export async function watchRun(prisma: PrismaClient, teamId: string, runId: string, options: WatchOptions): Promise<RunSummary> {
  const interval = options.intervalMs ?? 500;
  const started = Date.now();
  let first: number | null = null;
  let lastLine = '';
  let lastDecile = -1;
  for (;;) {
    const run = await findRun(prisma, teamId, runId);
    if (!run) throw new Error(`run ${runId} disappeared (deleted?)`);
    first ??= run.progress;
    const eta = estimateRemaining(run.progress, first, Date.now() - started);
    const stage = (await findRunStages(prisma, teamId, runId)).find((s) => s.status === 'RUNNING')?.kind.toLowerCase().replace('_', '-');
    const line = `${progressBar(run.progress)}  ${run.status.toLowerCase()}${stage ? ` · ${stage}` : ''}${run.progressMessage ? ` · ${run.progressMessage}` : ''}${eta !== null && !TERMINAL.includes(run.status) ? ` · ETA ${formatDuration(eta)}` : ''}`;
    if (options.tty && options.write) {
      if (line !== lastLine) options.write(`\r\u001b[2K${line}`);
    } else {
      const decile = Math.floor(run.progress * 10);
      if (decile !== lastDecile || TERMINAL.includes(run.status) || (stage && !lastLine.includes(stage))) options.out(line);
      lastDecile = decile;
    }
    lastLine = line;
    if (TERMINAL.includes(run.status)) {
      if (options.tty && options.write) options.write('\n');
      return run;
    }
    if (options.signal?.aborted) {
      if (options.tty && options.write) options.write('\n');
      return run;
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
