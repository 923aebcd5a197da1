import { describe, expect, it } from 'vitest';
import { smaStage1ConfigSchema } from './sma-stage1.config';
import { stage1SnapshotSchedule } from './stage1-snapshot-schedule';

describe('stage1SnapshotSchedule', () => {
  it.each([
    {
      name: 'official defaults: k + 1 updates, the last at the end',
      input: {},
      expected: [
        { label: 50_000, updates: 50_001 },
        { label: 80_000, updates: 80_001 },
        { label: 100_000, updates: 100_000 },
      ],
    },
    {
      name: 'exact counting',
      input: { snapshotCounting: 'exact' as const },
      expected: [
        { label: 50_000, updates: 50_000 },
        { label: 80_000, updates: 80_000 },
        { label: 100_000, updates: 100_000 },
      ],
    },
    {
      name: 'labels beyond the run are dropped, duplicates merged, order by updates',
      input: { iterations: 1000, snapshots: [5000, 10, 999, 10, 1000] },
      expected: [
        { label: 10, updates: 11 },
        { label: 999, updates: 1000 },
        { label: 1000, updates: 1000 },
      ],
    },
  ])('$name', ({ input, expected }) => {
    expect(stage1SnapshotSchedule(smaStage1ConfigSchema.parse(input))).toEqual(expected);
  });
});
