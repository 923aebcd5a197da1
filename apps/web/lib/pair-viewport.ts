/**
 * The image pair viewer's zoom and centre, as the URL holds them (`?z=4&cx=0.31&cy=0.62`): pure functions
 * shared by the server page (first render) and the client viewer (wheel, drag, keys), so a permalink opens
 * the exact view. No server-only imports here: the viewer is a client component.
 */

/** z = 1 fits the image in its pane; z = 64 shows a 512-pixel image at ~19 screen pixels per image pixel. */
export const ZOOM_MIN = 1;
export const ZOOM_MAX = 64;
/** One +/− key press or button click doubles or halves the zoom. */
export const ZOOM_STEP = 2;
/** One arrow key press moves the centre by this fraction of the visible width / height. */
export const PAN_STEP = 0.1;

export interface PairViewport {
  /** Zoom factor (1 = fit). */
  z: number;
  /** Centre of the visible area, as a fraction of the image's width (0 = left edge, 1 = right edge). */
  cx: number;
  /** Centre of the visible area, as a fraction of the image's height (0 = top, 1 = bottom). */
  cy: number;
}

export const FIT_VIEWPORT: PairViewport = { z: 1, cx: 0.5, cy: 0.5 };

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** Zoom into [ZOOM_MIN, ZOOM_MAX] (2 decimals) and the centre where the visible area stays inside the image. */
export function clampViewport(view: PairViewport): PairViewport {
  const z = round(Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, Number.isFinite(view.z) ? view.z : 1)), 2);
  const half = 1 / (2 * z);
  const centre = (value: number) => round(Math.min(1 - half, Math.max(half, Number.isFinite(value) ? value : 0.5)), 4);
  return { z, cx: centre(view.cx), cy: centre(view.cy) };
}

export function isFitViewport(view: PairViewport): boolean {
  return view.z === FIT_VIEWPORT.z && view.cx === FIT_VIEWPORT.cx && view.cy === FIT_VIEWPORT.cy;
}

/** `z`, `cx`, `cy` from a URL query (strings or `searchParams` arrays); anything missing or malformed falls back to the fit view. */
export function parseViewport(get: (name: 'z' | 'cx' | 'cy') => string | string[] | null | undefined): PairViewport {
  const num = (name: 'z' | 'cx' | 'cy', fallback: number) => {
    const raw = get(name);
    const text = (Array.isArray(raw) ? raw[0] : raw)?.trim();
    if (!text || text.length > 20) return fallback;
    const value = Number(text);
    return Number.isFinite(value) ? value : fallback;
  };
  return clampViewport({ z: num('z', 1), cx: num('cx', 0.5), cy: num('cy', 0.5) });
}

/** The view's URL parameters, none for the fit view. */
export function viewportEntries(view: PairViewport): Array<[string, string]> {
  const clamped = clampViewport(view);
  if (isFitViewport(clamped)) return [];
  return [
    ['z', String(clamped.z)],
    ['cx', String(clamped.cx)],
    ['cy', String(clamped.cy)],
  ];
}

/** Sets (or, for the fit view, removes) z/cx/cy in a query string, keeping every other parameter. */
export function withViewport(search: string, view: PairViewport): string {
  const params = new URLSearchParams(search);
  for (const name of ['z', 'cx', 'cy']) params.delete(name);
  for (const [name, value] of viewportEntries(view)) params.set(name, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Zoom by `factor` keeping the image point under (fx, fy) (fractions of the pane, 0.5 = centre) where it is. */
export function zoomAt(view: PairViewport, factor: number, fx = 0.5, fy = 0.5): PairViewport {
  const z = Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, view.z * factor));
  // The image point under the pointer: centre + (pointer − 0.5) / zoom, before and after.
  const px = view.cx + (fx - 0.5) / view.z;
  const py = view.cy + (fy - 0.5) / view.z;
  return clampViewport({ z, cx: px - (fx - 0.5) / z, cy: py - (fy - 0.5) / z });
}

/** Move the centre by (dx, dy) fractions of the visible area (a drag of the whole pane width is dx = 1). */
export function panBy(view: PairViewport, dx: number, dy: number): PairViewport {
  return clampViewport({ z: view.z, cx: view.cx + dx / view.z, cy: view.cy + dy / view.z });
}

/**
 * Where the image sits in a pane of `paneWidth` × `paneHeight` CSS pixels at this view: its displayed size
 * (the image is scaled by layout, not a transform, so `image-rendering: pixelated` keeps pixels square).
 */
export function imagePlacement(view: PairViewport, paneWidth: number, paneHeight: number): { left: number; top: number; width: number; height: number } {
  const width = paneWidth * view.z;
  const height = paneHeight * view.z;
  return { left: paneWidth / 2 - view.cx * width, top: paneHeight / 2 - view.cy * height, width, height };
}

/** The view a comment pins (the API's `Comment.view`): none for the fit view, else the clamped view. */
export function pinnedView(view: PairViewport): PairViewport | null {
  const clamped = clampViewport(view);
  return isFitViewport(clamped) ? null : clamped;
}
