'use client';

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { HistogramBarView } from '../../../lib/api-runs';

/** How many images moved by how much: the API's equal-width histogram of attacked − clean. */
export function HistogramChart({ bars }: { bars: HistogramBarView[] }) {
  const total = bars.reduce((sum, bar) => sum + bar.count, 0);
  return (
    <figure className="chart" data-testid="score-change-histogram">
      <div role="img" aria-label={`Histogram of the score change (attacked − clean) of ${total} images in ${bars.length} equal-width bins. The table below lists the same data.`}>
        <ResponsiveContainer width="100%" height={280}>
          <BarChart data={bars} margin={{ top: 10, right: 20, bottom: 30, left: 10 }} barCategoryGap={1}>
            <CartesianGrid stroke="#d9dce1" vertical={false} />
            <XAxis dataKey="mid" type="category" tickFormatter={(v: number) => v.toFixed(1)} label={{ value: 'score change (attacked − clean)', position: 'insideBottom', offset: -15, fill: '#1b1f24' }} stroke="#414851" />
            <YAxis allowDecimals={false} label={{ value: 'images', angle: -90, position: 'insideLeft', fill: '#1b1f24', style: { textAnchor: 'middle' } }} stroke="#414851" />
            <Tooltip
              content={({ active, payload }) => {
                const bar = active ? (payload?.[0]?.payload as HistogramBarView | undefined) : undefined;
                if (!bar) return null;
                return (
                  <div className="tooltip">
                    {bar.label}: <strong>{bar.count}</strong> image{bar.count === 1 ? '' : 's'}
                  </div>
                );
              }}
            />
            <Bar dataKey="count" fill="#1f5fbf" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
