/** One series of a line chart: points (x, y), drawn in the given colour. */
export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  readonly points: ReadonlyArray<readonly [number, number]>;
}

export interface LineChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly width?: number;
  readonly height?: number;
  /** Fixed y range (e.g. [-1, 1] for correlations); default: the data's range with 5 % margin. */
  readonly yRange?: readonly [number, number];
}

const escape = (text: string) => text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c);

function ticks(lo: number, hi: number, count = 5): number[] {
  const span = hi - lo || 1;
  const step = 10 ** Math.floor(Math.log10(span / count));
  const nice = [1, 2, 5, 10].map((m) => m * step).find((s) => span / s <= count) ?? step * 10;
  const out: number[] = [];
  for (let v = Math.ceil(lo / nice) * nice; v <= hi + nice * 1e-9; v += nice) out.push(Number(v.toPrecision(12)));
  return out;
}

/** A small, dependency-free SVG line chart (axes, ticks, grid, legend) for the CLI's curve exports. */
export function renderLineChartSvg(series: readonly ChartSeries[], options: LineChartOptions): string {
  const width = options.width ?? 820;
  const height = options.height ?? 420;
  const m = { left: 70, right: 230, top: 44, bottom: 56 };
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1])).filter(Number.isFinite);
  const [x0, x1] = xs.length ? [Math.min(...xs), Math.max(...xs)] : [0, 1];
  const margin = ys.length ? (Math.max(...ys) - Math.min(...ys)) * 0.05 || 0.05 : 0.05;
  const [y0, y1] = options.yRange ?? (ys.length ? [Math.min(...ys) - margin, Math.max(...ys) + margin] : [0, 1]);
  const sx = (x: number) => m.left + ((x - x0) / (x1 - x0 || 1)) * (width - m.left - m.right);
  const sy = (y: number) => height - m.bottom - ((y - y0) / (y1 - y0 || 1)) * (height - m.top - m.bottom);
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="13">`, `<rect width="100%" height="100%" fill="#ffffff"/>`];
  parts.push(`<text x="${width / 2 - m.right / 2 + m.left / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold" fill="#111">${escape(options.title)}</text>`);
  for (const t of ticks(y0, y1)) parts.push(`<line x1="${m.left}" x2="${width - m.right}" y1="${sy(t)}" y2="${sy(t)}" stroke="#e2e2e2"/><text x="${m.left - 8}" y="${sy(t) + 4}" text-anchor="end" fill="#333">${t}</text>`);
  for (const t of ticks(x0, x1)) parts.push(`<line x1="${sx(t)}" x2="${sx(t)}" y1="${height - m.bottom}" y2="${height - m.bottom + 5}" stroke="#333"/><text x="${sx(t)}" y="${height - m.bottom + 20}" text-anchor="middle" fill="#333">${t}</text>`);
  parts.push(`<line x1="${m.left}" x2="${width - m.right}" y1="${height - m.bottom}" y2="${height - m.bottom}" stroke="#333"/><line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${height - m.bottom}" stroke="#333"/>`);
  parts.push(`<text x="${(m.left + width - m.right) / 2}" y="${height - 14}" text-anchor="middle" fill="#111">${escape(options.xLabel)}</text>`);
  parts.push(`<text transform="translate(18 ${(m.top + height - m.bottom) / 2}) rotate(-90)" text-anchor="middle" fill="#111">${escape(options.yLabel)}</text>`);
  series.forEach((s, i) => {
    const pts = s.points.filter((p) => Number.isFinite(p[1]));
    if (pts.length) parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2.5" points="${pts.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ')}"/>`);
    for (const [x, y] of pts) parts.push(`<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="4" fill="${s.color}"/>`);
    const ly = m.top + 10 + i * 22;
    parts.push(`<line x1="${width - m.right + 16}" x2="${width - m.right + 40}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="3"/><text x="${width - m.right + 46}" y="${ly + 4}" fill="#111">${escape(s.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** Stacks rendered charts vertically into one SVG (one PNG with several panels). */
export function stackSvgs(svgs: readonly string[], width = 820, height = 420): string {
  const inner = svgs.map((svg, i) => svg.replace('<svg ', `<svg x="0" y="${i * height}" `));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height * svgs.length}" viewBox="0 0 ${width} ${height * svgs.length}">\n${inner.join('\n')}\n</svg>`;
}
