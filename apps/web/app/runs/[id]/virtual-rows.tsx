'use client';

import Link from 'next/link';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { ImageRowView } from '../../../lib/api';
import { visibleWindow } from '../../../lib/virtual-window';

/** Fixed row height (px; the CSS gives `.virtual-table tbody tr` the same) and rows kept beyond each edge. */
export const ROW_HEIGHT = 36;
const OVERSCAN = 20;
const VIEWPORT = 560;

type PageAnswer = { rows: ImageRowView[]; total: number; nextCursor: string | null } | { error: string };

/**
 * The per-image table, windowed: only the rows in view (plus a margin) are in the DOM, spacer rows keep the
 * scroll height of every result, and further server pages (cursor, the view's sort and filters) are fetched
 * through `rowsUrl` as the window reaches them. Keyboard: ↑ ↓ PgUp PgDn Home End move between rows' links.
 */
export function VirtualRows({ head, caption, initialRows, total, nextCursor, rowsUrl }: { head: ReactNode; caption: string; initialRows: ImageRowView[]; total: number; nextCursor: string | null; rowsUrl: string }) {
  const scroller = useRef<HTMLDivElement>(null);
  const [rows, setRows] = useState(initialRows);
  const [cursor, setCursor] = useState(nextCursor);
  const [count, setCount] = useState(Math.max(total, initialRows.length));
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(VIEWPORT);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState<number | null>(null);
  const frame = useRef<number | null>(null);

  // The server re-renders the page (live updates): its first page replaces ours; deeper pages stay. A new view
  // (sort, filters) remounts this component (the page keys it by rowsUrl).
  const firstRender = useRef(true);
  const rowsLoaded = useRef(initialRows.length);
  useEffect(() => {
    rowsLoaded.current = rows.length;
  }, [rows.length]);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    setRows((current) => (current.length > initialRows.length ? [...initialRows, ...current.slice(initialRows.length)] : initialRows));
    setCursor((current) => (rowsLoaded.current > initialRows.length ? current : nextCursor));
    setCount((current) => Math.max(total, initialRows.length, current));
  }, [initialRows, nextCursor, total]);
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const measure = () => setViewport(element.clientHeight || VIEWPORT);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const { start, end } = visibleWindow({ scrollTop, viewport, rowHeight: ROW_HEIGHT, count, overscan: OVERSCAN });

  // Fetch pages in order until the window is covered (a cursor only reaches the page after the last one read).
  const inflight = useRef(false);
  useEffect(() => {
    if (inflight.current || error || !cursor || rows.length >= end) return;
    inflight.current = true;
    setLoading(true);
    const url = `${rowsUrl}${rowsUrl.includes('?') ? '&' : '?'}after=${encodeURIComponent(cursor)}`;
    fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store' })
      .then(async (response) => ({ status: response.status, body: (await response.json()) as PageAnswer }))
      .then(({ status, body }) => {
        if ('error' in body) return setError(`The next rows could not be loaded (HTTP ${status}): ${body.error}`);
        setRows((current) => [...current, ...body.rows]);
        setCursor(body.nextCursor);
        setCount(body.total);
      })
      .catch((reason: unknown) => setError(`The next rows could not be loaded: ${reason instanceof Error ? reason.message : String(reason)}`))
      .finally(() => {
        inflight.current = false;
        setLoading(false);
      });
  }, [cursor, end, error, rows.length, rowsUrl]);

  const onScroll = useCallback(() => {
    if (frame.current !== null) return;
    frame.current = window.requestAnimationFrame(() => {
      frame.current = null;
      setScrollTop(scroller.current?.scrollTop ?? 0);
    });
  }, []);
  useEffect(() => () => void (frame.current !== null && window.cancelAnimationFrame(frame.current)), []);

  // Keyboard: move the active row, scroll it into view, focus its link once it is rendered.
  const move = (index: number) => {
    const element = scroller.current;
    const next = Math.min(count - 1, Math.max(0, index));
    setActive(next);
    if (!element) return;
    const top = next * ROW_HEIGHT;
    const header = ROW_HEIGHT;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + ROW_HEIGHT > element.scrollTop + element.clientHeight - header) element.scrollTop = top + ROW_HEIGHT + header - element.clientHeight;
    setScrollTop(element.scrollTop);
  };
  useEffect(() => {
    if (active === null) return;
    const link = scroller.current?.querySelector<HTMLAnchorElement>(`tr[data-index="${active}"] a`);
    if (link && document.activeElement !== link) link.focus({ preventScroll: true });
  }, [active, rows.length, start]);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor(viewport / ROW_HEIGHT) - 1);
    const current = active ?? (event.target instanceof HTMLElement ? Number(event.target.closest('tr')?.dataset['index'] ?? -1) : -1);
    const keys: Record<string, number> = { ArrowDown: current + 1, ArrowUp: current - 1, PageDown: current + page, PageUp: current - page, Home: 0, End: count - 1 };
    const target = keys[event.key];
    if (target === undefined || count === 0) return;
    event.preventDefault();
    move(target);
  };

  const visible: ReactNode[] = [];
  for (let index = start; index < end; index += 1) {
    const row = rows[index];
    visible.push(
      row ? (
        <tr key={row.imageId} data-index={index} aria-rowindex={index + 2} aria-selected={active === index ? true : undefined}>
          <th scope="row">
            <Link href={row.href} tabIndex={active === index || (active === null && index === 0) ? 0 : -1} onFocus={() => setActive(index)}>
              {row.key}
            </Link>
          </th>
          <td>{row.mos}</td>
          <td>{row.clean}</td>
          <td>{row.attacked}</td>
          <td>{row.delta}</td>
          <td>{row.rankMoved}</td>
        </tr>
      ) : (
        <tr key={`pending-${index}`} data-index={index} aria-rowindex={index + 2} className="pending">
          <td colSpan={6}>{error ? '—' : 'Loading…'}</td>
        </tr>
      ),
    );
  }

  return (
    <>
      <div
        ref={scroller}
        className="table-scroll virtual-scroll"
        role="region"
        aria-label={`Per-image scores, scrollable (${count} rows; arrow keys move between rows)`}
        tabIndex={0}
        onScroll={onScroll}
        onKeyDown={onKeyDown}
        style={{ maxHeight: VIEWPORT }}
        data-testid="virtual-images"
        data-rows-loaded={rows.length}
      >
        <table className="data numeric virtual-table" aria-rowcount={count + 1}>
          <caption className="visually-hidden">{caption}</caption>
          <thead>{head}</thead>
          <tbody>
            {start > 0 ? <tr className="spacer" aria-hidden="true" style={{ height: start * ROW_HEIGHT }} /> : null}
            {visible}
            {end < count ? <tr className="spacer" aria-hidden="true" style={{ height: (count - end) * ROW_HEIGHT }} /> : null}
          </tbody>
        </table>
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}{' '}
          <button type="button" className="button link" onClick={() => setError(null)}>
            Try again
          </button>
        </p>
      ) : loading ? (
        <p className="muted small" aria-live="polite">
          Loading rows {rows.length + 1}–{Math.min(count, rows.length + 100)} of {count}…
        </p>
      ) : null}
    </>
  );
}
