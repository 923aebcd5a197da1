import type { SmaStage1Config } from './sma-stage1.config';

/** One scheduled snapshot: its label and the update count after which it is taken. */
export interface ScheduledSnapshot {
  readonly label: number;
  readonly updates: number;
}

/**
 * When each configured snapshot is taken, sorted by update count (SMA.md §9 item 15).
 * 'official': label k < iterations after k + 1 updates, k = iterations at the end (the official loop's
 * `i in [50000, 80000, 100000]` check after the update of 0-based index i, and its final save);
 * 'exact': after k updates. Labels above `iterations` are never reached and are dropped.
 */
export function stage1SnapshotSchedule(config: SmaStage1Config): ScheduledSnapshot[] {
  const labels = [...new Set(config.snapshots)].filter((k) => k <= config.iterations);
  return labels
    .map((label) => ({
      label,
      updates: config.snapshotCounting === 'official' && label < config.iterations ? label + 1 : label,
    }))
    .sort((a, b) => a.updates - b.updates || a.label - b.label);
}
