'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect } from 'react';
import type { NeighbourView } from '../../../../../lib/api-images';
import { parseViewport, withViewport } from '../../../../../lib/pair-viewport';

interface Props {
  previous: NeighbourView | null;
  next: NeighbourView | null;
  position: number | null;
  total: number;
  tableHref: string;
  filtered: boolean;
}

/** Keeps the current zoom and centre on a neighbour's link, so flipping through images compares the same region. */
function withCurrentView(href: string, search: URLSearchParams): string {
  const [path = '', query = ''] = href.split('?');
  return `${path}${withViewport(query, parseViewport((name) => search.get(name)))}`;
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/**
 * Previous / next image in the order and filter of the run's table, "k of N", and the keys n / p (also
 * ← / → when focus is not on the images, where the arrows pan).
 */
export function PairNav({ previous, next, position, total, tableHref, filtered }: Props) {
  const router = useRouter();
  const search = useSearchParams();
  const previousHref = previous ? withCurrentView(previous.href, search) : null;
  const nextHref = next ? withCurrentView(next.href, search) : null;

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return;
      const inViewer = event.target instanceof Element && event.target.closest('[data-testid="viewer-stage"]') !== null;
      const goPrevious = event.key === 'p' || (!inViewer && event.key === 'ArrowLeft');
      const goNext = event.key === 'n' || (!inViewer && event.key === 'ArrowRight');
      const href = goPrevious ? previousHref : goNext ? nextHref : null;
      if (!href) return;
      event.preventDefault();
      router.push(href);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [router, previousHref, nextHref]);

  return (
    <nav className="pair-nav" aria-label="Images of this run">
      {previousHref ? (
        <Link href={previousHref} className="button" rel="prev" aria-keyshortcuts="p" title={`Previous: ${previous?.key ?? ''} (p)`}>
          ← Previous
        </Link>
      ) : (
        <span className="button" aria-disabled="true">
          ← Previous
        </span>
      )}
      <span data-testid="pair-position">
        {position === null ? `not in the table's filter (${total} image${total === 1 ? '' : 's'} match)` : `${position} of ${total}`}
        {filtered ? ' (filtered)' : ''}
      </span>
      {nextHref ? (
        <Link href={nextHref} className="button" rel="next" aria-keyshortcuts="n" title={`Next: ${next?.key ?? ''} (n)`}>
          Next →
        </Link>
      ) : (
        <span className="button" aria-disabled="true">
          Next →
        </span>
      )}
      <Link href={tableHref}>Back to the table</Link>
      <span className="hint">Keys: n / p (or → / ← outside the images)</span>
    </nav>
  );
}
