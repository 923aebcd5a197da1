import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderLineChartSvg, stackSvgs } from './line-chart-svg';

describe('renderLineChartSvg', () => {
  const svg = renderLineChartSvg(
    [
      { label: 'SROCC <clean↔attacked>', color: '#1f5fbf', points: [[0.001, 0.9], [0.002, 0.5], [0.005, Number.NaN], [0.01, -0.3]] },
      { label: 'other', color: '#c2410c', points: [] },
    ],
    { title: 'ifgsm & co', xLabel: 'epsilon', yLabel: 'SROCC', yRange: [-1, 1] },
  );

  it('draws one polyline per non-empty series, skipping non-finite points, and escapes text', () => {
    expect(svg.match(/<polyline/g)).toHaveLength(1);
    expect(svg.match(/<circle/g)).toHaveLength(3);
    expect(svg).toContain('SROCC &lt;clean↔attacked&gt;');
    expect(svg).toContain('ifgsm &amp; co');
    expect(svg).not.toContain('NaN');
  });

  it('maps the fixed y range to the plot area (y = 1 at the top, −1 at the bottom)', () => {
    const ys = [...svg.matchAll(/<circle cx="[\d.]+" cy="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(ys[0]).toBeLessThan(ys[1]!);
    expect(ys[1]).toBeLessThan(ys[2]!);
  });

  it('renders to a PNG of the stacked size', async () => {
    const png = await sharp(Buffer.from(stackSvgs([svg, svg]))).png().toBuffer();
    const meta = await sharp(png).metadata();
    expect([meta.width, meta.height]).toEqual([820, 840]);
  });
});
