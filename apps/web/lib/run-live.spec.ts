import { describe, expect, it } from 'vitest';
import { formatDuration, parseLiveEvent, parseRunIds, sseFrame, throttle, toLiveProgress, type LiveRunWire } from './run-live';

const run = (overrides: Partial<LiveRunWire> = {}): LiveRunWire => ({
  id: 'run1',
  status: 'RUNNING',
  progress: 0.25,
  progressMessage: 'image 3 of 12',
  imageCount: 12,
  startedAt: '2026-12-03T10:00:00.000Z',
  updatedAt: '2026-12-03T10:01:00.000Z',
  stages: [
    { kind: 'CLEAN_SCORING', status: 'SUCCEEDED', progress: 1 },
    { kind: 'PERTURB', status: 'RUNNING', progress: 0.25 },
    { kind: 'AGGREGATE', status: 'QUEUED', progress: 0 },
  ],
  shards: [
    { kind: 'PERTURB', done: 2, total: 6 },
    { kind: 'PERTURB', done: 1, total: 6 },
  ],
  ...overrides,
});

describe('toLiveProgress', () => {
  it('sums the perturb shards, names the running stage and estimates the time left from the pace so far', () => {
    const view = toLiveProgress(run(), Date.parse('2026-12-03T10:01:00.000Z'));
    expect(view).toMatchObject({ active: true, imagesDone: 3, imagesTotal: 12, stage: 'perturbing images', progressLabel: '25 %', etaSeconds: 180, etaLabel: 'about 3 min left', message: 'image 3 of 12' });
  });

  it('says nothing about the ETA too early, while queued, or once finished', () => {
    const at = Date.parse('2026-12-03T10:01:00.000Z');
    expect(toLiveProgress(run({ progress: 0.01 }), at).etaSeconds).toBeNull();
    const queued = toLiveProgress(run({ status: 'QUEUED', progress: 0, startedAt: null, stages: [], shards: [] }), at);
    expect(queued).toMatchObject({ etaSeconds: null, stage: 'waiting for a worker', imagesDone: 0, imagesTotal: 12 });
    const done = toLiveProgress(run({ status: 'SUCCEEDED', progress: 1 }), at);
    expect(done).toMatchObject({ active: false, stage: null, etaSeconds: null, progressLabel: '100 %' });
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [59.4, '59 s'],
    [60, '1 min'],
    [185, '3 min 5 s'],
    [3600, '1 h'],
    [3725, '1 h 2 min'],
  ])('%d → %s', (seconds, text) => expect(formatDuration(seconds)).toBe(text));
});

describe('SSE frames', () => {
  it('writes one event per frame and reads it back; malformed data is null', () => {
    const frame = sseFrame({ type: 'run', run: run() });
    expect(frame.startsWith('event: run\ndata: {')).toBe(true);
    expect(frame.endsWith('\n\n')).toBe(true);
    expect(frame.split('\n').filter((line) => line.startsWith('data:'))).toHaveLength(1);
    const data = frame.split('\n')[1]!.slice('data: '.length);
    expect(parseLiveEvent(data)).toEqual({ type: 'run', run: run() });
    expect(parseLiveEvent(sseFrame({ type: 'failed', message: 'x\ny' }).split('\n')[1]!.slice(6))).toEqual({ type: 'failed', message: 'x\ny' });
    expect(parseLiveEvent('{"type":"run","run":{"id":1}}')).toBeNull();
    expect(parseLiveEvent('not json')).toBeNull();
  });
});

describe('parseRunIds', () => {
  it.each([
    ['a,b', ['a', 'b']],
    [' a , a ,b', ['a', 'b']],
    ['', null],
    [null, null],
    ['a,b/c', null],
    [Array.from({ length: 26 }, (_, i) => `r${i}`).join(','), null],
  ])('%j → %j', (value, ids) => expect(parseRunIds(value)).toEqual(ids));
  it('takes a lower bound for the one-run route', () => expect(parseRunIds('a,b', 1)).toBeNull());
});

describe('throttle', () => {
  it('fires at once, then at most once per interval with a trailing call after a burst', () => {
    let now = 0;
    const timers: Array<{ at: number; cb: () => void }> = [];
    const clock = { now: () => now, setTimeout: (cb: () => void, ms: number) => timers.push({ at: now + ms, cb }), clearTimeout: () => timers.splice(0) };
    const calls: number[] = [];
    const t = throttle(() => calls.push(now), 1000, clock);
    t.call();
    now = 100;
    t.call();
    t.call();
    expect(calls).toEqual([0]);
    expect(timers).toHaveLength(1);
    now = 1000;
    timers.shift()!.cb();
    expect(calls).toEqual([0, 1000]);
    now = 1500;
    t.call();
    t.cancel();
    expect(timers).toHaveLength(0);
    expect(calls).toEqual([0, 1000]);
  });
});
