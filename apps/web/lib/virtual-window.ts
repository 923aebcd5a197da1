/**
 * Which rows of a windowed list to render: those intersecting the viewport plus `overscan` on each side,
 * clamped to [0, count). Pure (the image table's windowing uses it; tested beside it).
 */
export function visibleWindow({ scrollTop, viewport, rowHeight, count, overscan }: { scrollTop: number; viewport: number; rowHeight: number; count: number; overscan: number }): { start: number; end: number } {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const last = Math.ceil((Math.max(0, scrollTop) + Math.max(0, viewport)) / rowHeight);
  const start = Math.min(count, Math.max(0, first - overscan));
  const end = Math.min(count, Math.max(start, last + overscan));
  return { start, end };
}
