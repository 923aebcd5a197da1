'use client';

import { useRouter } from 'next/navigation';
import { CartesianGrid, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartPoint } from '../../../lib/api-runs';

/** SMA: the target score stage 1 chose per image vs the attacked score stage 2 reached; on the y = x line the attack hit its target. */
export function TargetChart({ points, scoreRange }: { points: ChartPoint[]; scoreRange: [number, number] }) {
  const router = useRouter();
  const values = points.flatMap((p) => [p.target ?? p.attacked, p.attacked]);
  const min = Math.min(scoreRange[0], ...values);
  const max = Math.max(scoreRange[1], ...values);
  return (
    <figure className="chart" data-testid="target-chart">
      <div role="img" aria-label={`Scatter plot of ${points.length} images: SMA target score on the horizontal axis, achieved (attacked) score on the vertical axis; the dashed line is target = achieved. The table below lists the same data.`}>
        <ResponsiveContainer width="100%" height={320}>
          <ScatterChart margin={{ top: 10, right: 20, bottom: 30, left: 10 }}>
            <CartesianGrid stroke="#d9dce1" />
            <XAxis type="number" dataKey="target" name="Target score" domain={[min, max]} tickFormatter={(v: number) => v.toFixed(0)} label={{ value: 'target score (stage 1)', position: 'insideBottom', offset: -15, fill: '#1b1f24' }} stroke="#414851" />
            <YAxis type="number" dataKey="attacked" name="Achieved score" domain={[min, max]} tickFormatter={(v: number) => v.toFixed(0)} label={{ value: 'achieved score', angle: -90, position: 'insideLeft', fill: '#1b1f24', style: { textAnchor: 'middle' } }} stroke="#414851" />
            <ReferenceLine segment={[{ x: min, y: min }, { x: max, y: max }]} stroke="#8a929c" strokeDasharray="4 4" ifOverflow="hidden" />
            <Tooltip
              content={({ active, payload }) => {
                const point = active ? (payload?.[0]?.payload as ChartPoint | undefined) : undefined;
                if (!point) return null;
                return (
                  <div className="tooltip">
                    <strong>{point.key}</strong>
                    <br />
                    target {point.target?.toFixed(2)} · achieved {point.attacked.toFixed(2)} · clean {point.clean.toFixed(2)}
                  </div>
                );
              }}
            />
            <Scatter
              data={points}
              isAnimationActive={false}
              fill="#1f5fbf"
              cursor="pointer"
              onClick={(entry: unknown) => {
                const point = (entry as { payload?: ChartPoint } | undefined)?.payload;
                if (point?.href) router.push(point.href);
              }}
            />
          </ScatterChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="muted">Dashed line: achieved = target. Points above it fell short of a lower target, below it of a higher one.</figcaption>
    </figure>
  );
}
