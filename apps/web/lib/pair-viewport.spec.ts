import { describe, expect, it } from 'vitest';
import { FIT_VIEWPORT, ZOOM_MAX, imagePlacement, panBy, parseViewport, pinnedView, viewportEntries, withViewport, zoomAt } from './pair-viewport';

const fromQuery = (query: string) => {
  const params = new URLSearchParams(query);
  return parseViewport((name) => params.get(name));
};

describe('parseViewport / viewportEntries', () => {
  it.each([
    ['', FIT_VIEWPORT],
    ['z=4&cx=0.31&cy=0.62', { z: 4, cx: 0.31, cy: 0.62 }],
    // The visible area stays inside the image: at ×4 the centre is within [1/8, 7/8].
    ['z=4&cx=0.01&cy=0.99', { z: 4, cx: 0.125, cy: 0.875 }],
    ['z=1&cx=0.2&cy=0.9', FIT_VIEWPORT],
    ['z=1000&cx=0.5&cy=0.5', { z: ZOOM_MAX, cx: 0.5, cy: 0.5 }],
    ['z=0.1', FIT_VIEWPORT],
    ['z=abc&cx=NaN&cy=', FIT_VIEWPORT],
    ['z=2.333333&cx=0.333333333&cy=0.5', { z: 2.33, cx: 0.3333, cy: 0.5 }],
    [`z=${'9'.repeat(40)}`, FIT_VIEWPORT],
  ])('%s → %j', (query, expected) => {
    expect(fromQuery(query)).toEqual(expected);
  });

  it('reads the first value of a repeated parameter (Next searchParams arrays)', () => {
    const query: Record<string, string[]> = { z: ['8', '2'], cx: ['0.5'], cy: ['0.5'] };
    expect(parseViewport((name) => query[name]).z).toBe(8);
  });

  it('round-trips through the URL, and writes nothing for the fit view', () => {
    const view = { z: 4, cx: 0.31, cy: 0.62 };
    expect(viewportEntries(view)).toEqual([
      ['z', '4'],
      ['cx', '0.31'],
      ['cy', '0.62'],
    ]);
    expect(fromQuery(new URLSearchParams(viewportEntries(view)).toString())).toEqual(view);
    expect(viewportEntries(FIT_VIEWPORT)).toEqual([]);
  });
});

describe('withViewport', () => {
  it('sets z/cx/cy and keeps the table’s parameters', () => {
    expect(withViewport('?sort=MOS&dir=desc&z=2&cx=0.5&cy=0.5', { z: 4, cx: 0.31, cy: 0.62 })).toBe('?sort=MOS&dir=desc&z=4&cx=0.31&cy=0.62');
    expect(withViewport('?sort=MOS&z=4&cx=0.3&cy=0.3', FIT_VIEWPORT)).toBe('?sort=MOS');
    expect(withViewport('', FIT_VIEWPORT)).toBe('');
  });
});

describe('zoomAt / panBy', () => {
  it('zooms about the centre by default', () => {
    expect(zoomAt(FIT_VIEWPORT, 2)).toEqual({ z: 2, cx: 0.5, cy: 0.5 });
    expect(zoomAt({ z: 2, cx: 0.5, cy: 0.5 }, 0.5)).toEqual(FIT_VIEWPORT);
  });

  it('keeps the image point under the pointer in place', () => {
    const before = { z: 2, cx: 0.4, cy: 0.6 };
    const [fx, fy] = [0.8, 0.3];
    const after = zoomAt(before, 2, fx, fy);
    const point = (v: typeof before) => [v.cx + (fx - 0.5) / v.z, v.cy + (fy - 0.5) / v.z];
    expect(after.z).toBe(4);
    expect(point(after)[0]).toBeCloseTo(point(before)[0]!, 3);
    expect(point(after)[1]).toBeCloseTo(point(before)[1]!, 3);
  });

  it('stops at the zoom limits', () => {
    expect(zoomAt(FIT_VIEWPORT, 0.5)).toEqual(FIT_VIEWPORT);
    expect(zoomAt({ z: 48, cx: 0.5, cy: 0.5 }, 2).z).toBe(ZOOM_MAX);
  });

  it('pans by fractions of the visible area and stops at the image’s edges', () => {
    expect(panBy({ z: 4, cx: 0.5, cy: 0.5 }, 0.4, -0.2)).toEqual({ z: 4, cx: 0.6, cy: 0.45 });
    expect(panBy({ z: 4, cx: 0.5, cy: 0.5 }, 10, -10)).toEqual({ z: 4, cx: 0.875, cy: 0.125 });
    expect(panBy(FIT_VIEWPORT, 0.3, 0.3)).toEqual(FIT_VIEWPORT);
  });
});

describe('imagePlacement', () => {
  it('scales the image by the zoom and puts the centre in the middle of the pane', () => {
    expect(imagePlacement(FIT_VIEWPORT, 200, 100)).toEqual({ left: 0, top: 0, width: 200, height: 100 });
    expect(imagePlacement({ z: 4, cx: 0.25, cy: 0.75 }, 200, 100)).toEqual({ left: 100 - 0.25 * 800, top: 50 - 0.75 * 400, width: 800, height: 400 });
  });
});

describe('pinnedView', () => {
  it('pins nothing for the fit view and a clamped view otherwise', () => {
    expect(pinnedView(FIT_VIEWPORT)).toBeNull();
    expect(pinnedView({ z: 4, cx: 0.31, cy: 0.62 })).toEqual({ z: 4, cx: 0.31, cy: 0.62 });
    expect(pinnedView({ z: 999, cx: 2, cy: 0 })).toEqual({ z: ZOOM_MAX, cx: 0.9922, cy: 0.0078 });
  });
});
