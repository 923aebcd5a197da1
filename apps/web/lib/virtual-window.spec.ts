import { describe, expect, it } from 'vitest';
import { visibleWindow } from './virtual-window';

describe('visibleWindow', () => {
  const base = { viewport: 360, rowHeight: 36, overscan: 5 };
  it.each([
    ['top of a long list', { scrollTop: 0, count: 5000 }, { start: 0, end: 15 }],
    ['middle: rows in view plus the overscan on both sides', { scrollTop: 36 * 1000, count: 5000 }, { start: 995, end: 1015 }],
    ['a partly scrolled row still counts', { scrollTop: 36 * 1000 + 10, count: 5000 }, { start: 995, end: 1016 }],
    ['bottom clamps to the count', { scrollTop: 36 * 4995, count: 5000 }, { start: 4990, end: 5000 }],
    ['scrolled past the end (list shrank)', { scrollTop: 36 * 9000, count: 5000 }, { start: 5000, end: 5000 }],
    ['a short list renders whole', { scrollTop: 0, count: 7 }, { start: 0, end: 7 }],
    ['empty', { scrollTop: 0, count: 0 }, { start: 0, end: 0 }],
    ['negative scroll (overscroll bounce)', { scrollTop: -50, count: 100 }, { start: 0, end: 15 }],
  ])('%s', (_name, input, expected) => expect(visibleWindow({ ...base, ...input })).toEqual(expected));

  it('keeps the DOM bounded whatever the list length', () => {
    for (const count of [100, 5000, 1_000_000]) {
      const { start, end } = visibleWindow({ ...base, scrollTop: 36 * Math.floor(count / 2), count });
      expect(end - start).toBeLessThanOrEqual(Math.ceil(base.viewport / base.rowHeight) + 1 + 2 * base.overscan);
    }
  });
});
