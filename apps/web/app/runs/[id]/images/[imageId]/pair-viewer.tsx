'use client';

import { useCallback, useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type PointerEvent as ReactPointerEvent } from 'react';
import type { PaneView } from '../../../../../lib/api-images';
import { FIT_VIEWPORT, PAN_STEP, ZOOM_MAX, ZOOM_MIN, ZOOM_STEP, clampViewport, panBy, withViewport, zoomAt, type PairViewport } from '../../../../../lib/pair-viewport';

interface Props {
  panes: PaneView[];
  width: number;
  height: number;
  imageKey: string;
  initialView: PairViewport;
  /** Gradient stops of the heat map's colour scale and the label of its top (`8/255`). */
  heatLegend: { stops: readonly string[]; maxLabel: string } | null;
}

/** Milliseconds of quiet before the view is written to the URL (history.replaceState: no history entry per wheel tick). */
const URL_DELAY_MS = 150;

/**
 * Clean | adversarial | difference | heat map with one zoom and centre for all panes: wheel (around the
 * pointer), drag, pinch, keys (+ − 0 arrows) and labelled buttons. Images are scaled by layout with
 * `image-rendering: pixelated` when enlarged, so an image pixel is a crisp square. The view lives in the URL.
 */
export function PairViewer({ panes, width, height, imageKey, initialView, heatLegend }: Props) {
  const [view, setView] = useState<PairViewport>(() => clampViewport(initialView));
  const [paneWidth, setPaneWidth] = useState<number | null>(null);
  const [failed, setFailed] = useState<ReadonlySet<string>>(() => new Set());
  const viewRef = useRef(view);
  const stageRef = useRef<HTMLDivElement>(null);
  const pointers = useRef(new Map<number, { x: number; y: number }>());

  const update = useCallback((next: (current: PairViewport) => PairViewport) => {
    const value = next(viewRef.current);
    viewRef.current = value;
    setView(value);
  }, []);

  // The view → the URL (kept with every other parameter: the table's sort and filters travel on).
  useEffect(() => {
    const timer = window.setTimeout(() => {
      const search = withViewport(window.location.search, view);
      if (search !== window.location.search) window.history.replaceState(null, '', `${window.location.pathname}${search}${window.location.hash}`);
    }, URL_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [view]);

  // Pane width in device pixels, to switch to pixelated rendering once an image pixel is larger than a screen pixel.
  useEffect(() => {
    const pane = stageRef.current?.querySelector<HTMLElement>('[data-pane]');
    if (!pane) return;
    const measure = () => setPaneWidth(pane.clientWidth * (window.devicePixelRatio || 1));
    const observer = new ResizeObserver(measure);
    observer.observe(pane);
    measure();
    return () => observer.disconnect();
  }, []);

  // Wheel zoom around the pointer; a native listener, because React's wheel listener is passive.
  useEffect(() => {
    const stage = stageRef.current;
    if (!stage) return;
    const onWheel = (event: WheelEvent) => {
      const pane = (event.target as Element | null)?.closest<HTMLElement>('[data-pane]');
      if (!pane) return;
      event.preventDefault();
      const rect = pane.getBoundingClientRect();
      const delta = event.deltaY * (event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? rect.height : 1);
      const factor = Math.pow(2, -Math.max(-300, Math.min(300, delta)) / 200);
      update((current) => zoomAt(current, factor, (event.clientX - rect.left) / rect.width, (event.clientY - rect.top) / rect.height));
    };
    stage.addEventListener('wheel', onWheel, { passive: false });
    return () => stage.removeEventListener('wheel', onWheel);
  }, [update]);

  const onPointerDown = (event: ReactPointerEvent<HTMLElement>) => {
    if (event.pointerType === 'mouse' && event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    pointers.current.set(event.pointerId, { x: event.clientX, y: event.clientY });
  };
  const onPointerMove = (event: ReactPointerEvent<HTMLElement>) => {
    const previous = pointers.current.get(event.pointerId);
    if (!previous) return;
    const rect = event.currentTarget.getBoundingClientRect();
    const others = [...pointers.current.entries()].filter(([id]) => id !== event.pointerId);
    const now = { x: event.clientX, y: event.clientY };
    if (others.length === 1) {
      // Pinch: zoom by the change of the distance between the two fingers, around their midpoint.
      const other = others[0]![1];
      const before = Math.hypot(previous.x - other.x, previous.y - other.y);
      const after = Math.hypot(now.x - other.x, now.y - other.y);
      if (before > 0 && after > 0) update((current) => zoomAt(current, after / before, ((now.x + other.x) / 2 - rect.left) / rect.width, ((now.y + other.y) / 2 - rect.top) / rect.height));
    } else if (others.length === 0) {
      update((current) => panBy(current, -(now.x - previous.x) / rect.width, -(now.y - previous.y) / rect.height));
    }
    pointers.current.set(event.pointerId, now);
  };
  const onPointerUp = (event: ReactPointerEvent<HTMLElement>) => {
    pointers.current.delete(event.pointerId);
  };

  const zoomIn = () => update((current) => zoomAt(current, ZOOM_STEP));
  const zoomOut = () => update((current) => zoomAt(current, 1 / ZOOM_STEP));
  const fit = () => update(() => FIT_VIEWPORT);
  const pan = (dx: number, dy: number) => update((current) => panBy(current, dx, dy));

  const onKeyDown = (event: ReactKeyboardEvent<HTMLElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const actions: Record<string, () => void> = {
      '+': zoomIn,
      '=': zoomIn,
      '-': zoomOut,
      _: zoomOut,
      '0': fit,
      ArrowLeft: () => pan(-PAN_STEP, 0),
      ArrowRight: () => pan(PAN_STEP, 0),
      ArrowUp: () => pan(0, -PAN_STEP),
      ArrowDown: () => pan(0, PAN_STEP),
    };
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    event.stopPropagation();
    action();
  };

  const left = `${(0.5 - view.cx * view.z) * 100}%`;
  const top = `${(0.5 - view.cy * view.z) * 100}%`;
  const size = `${view.z * 100}%`;
  const pixelated = paneWidth !== null && paneWidth * view.z >= width;
  const zoomLabel = `×${Number.isInteger(view.z) ? view.z : view.z.toFixed(2)}`;

  return (
    <section className="pair-viewer" aria-labelledby="viewer-title">
      <h2 id="viewer-title" className="visually-hidden">
        Images
      </h2>
      <div className="viewer-toolbar" role="toolbar" aria-label="Zoom and pan (all panes together)">
        <button type="button" className="button" onClick={zoomOut} disabled={view.z <= ZOOM_MIN} aria-keyshortcuts="-">
          − Zoom out
        </button>
        <button type="button" className="button" onClick={zoomIn} disabled={view.z >= ZOOM_MAX} aria-keyshortcuts="+">
          + Zoom in
        </button>
        <button type="button" className="button" onClick={fit} aria-keyshortcuts="0">
          Fit (0)
        </button>
        <span className="viewer-pan" role="group" aria-label="Pan">
          <button type="button" className="button" onClick={() => pan(-PAN_STEP, 0)} aria-label="Pan left" aria-keyshortcuts="ArrowLeft" disabled={view.z <= 1}>
            ←
          </button>
          <button type="button" className="button" onClick={() => pan(0, -PAN_STEP)} aria-label="Pan up" aria-keyshortcuts="ArrowUp" disabled={view.z <= 1}>
            ↑
          </button>
          <button type="button" className="button" onClick={() => pan(0, PAN_STEP)} aria-label="Pan down" aria-keyshortcuts="ArrowDown" disabled={view.z <= 1}>
            ↓
          </button>
          <button type="button" className="button" onClick={() => pan(PAN_STEP, 0)} aria-label="Pan right" aria-keyshortcuts="ArrowRight" disabled={view.z <= 1}>
            →
          </button>
        </span>
        <output className="viewer-readout" data-testid="viewer-readout" aria-live="polite">
          {zoomLabel} · centre ({view.cx.toFixed(2)}, {view.cy.toFixed(2)})
        </output>
      </div>
      <div
        ref={stageRef}
        className="viewer-stage"
        tabIndex={0}
        role="group"
        aria-label={`Image ${imageKey}, ${zoomLabel}: + and − zoom, arrows pan, 0 fits; drag to pan, wheel or pinch to zoom`}
        aria-describedby="viewer-help"
        onKeyDown={onKeyDown}
        data-testid="viewer-stage"
        data-zoom={view.z}
      >
        {panes.map((pane) => (
          <figure key={pane.id} className="viewer-figure">
            <div
              className="viewer-pane"
              data-pane={pane.id}
              style={{ aspectRatio: `${width} / ${height}` }}
              onPointerDown={onPointerDown}
              onPointerMove={onPointerMove}
              onPointerUp={onPointerUp}
              onPointerCancel={onPointerUp}
              onDoubleClick={(event) => {
                const rect = event.currentTarget.getBoundingClientRect();
                update((current) => zoomAt(current, ZOOM_STEP, (event.clientX - rect.left) / rect.width, (event.clientY - rect.top) / rect.height));
              }}
            >
              {pane.src && !failed.has(pane.id) ? (
                <img
                  src={pane.src}
                  alt={pane.alt}
                  draggable={false}
                  width={width}
                  height={height}
                  data-testid={`pane-${pane.id}`}
                  className={pixelated ? 'pixelated' : undefined}
                  style={{ left, top, width: size, height: size }}
                  onError={() => setFailed((current) => new Set(current).add(pane.id))}
                />
              ) : (
                <div className="viewer-empty">{pane.src ? 'Not available for this image' : 'Not attacked yet'}</div>
              )}
            </div>
            <figcaption>
              {pane.label}
              {pane.id === 'heatmap' && heatLegend && pane.src ? (
                <span className="heat-legend" data-testid="heat-legend">
                  <span className="heat-legend-bar" style={{ background: `linear-gradient(to right, ${heatLegend.stops.join(', ')})` }} aria-hidden="true" />
                  <span className="heat-legend-labels">
                    <span>0</span>
                    <span>{heatLegend.maxLabel}</span>
                  </span>
                  <span className="visually-hidden">Colour scale from black (unchanged) to light yellow ({heatLegend.maxLabel} levels, the largest change in this image).</span>
                </span>
              ) : null}
            </figcaption>
          </figure>
        ))}
      </div>
      <p id="viewer-help" className="hint">
        Drag to pan, wheel or pinch to zoom, double-click to zoom in; with the images focused: + / − zoom, arrows pan, 0 fits. The URL keeps the view.
      </p>
    </section>
  );
}
