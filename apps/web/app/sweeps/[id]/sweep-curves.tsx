'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SweepPointView } from '../../../lib/api-runs';

type Metric = 'sroccCleanAttacked' | 'sroccMosAttacked' | 'meanAbsScoreChange' | 'psnrMean';

const SERIES: Record<Metric, { label: string; colour: string }> = {
  sroccCleanAttacked: { label: 'SROCC clean ↔ attacked', colour: '#1f5fbf' },
  sroccMosAttacked: { label: 'SROCC MOS ↔ attacked', colour: '#b54708' },
  meanAbsScoreChange: { label: 'mean |Δ score|', colour: '#067647' },
  psnrMean: { label: 'mean PSNR (dB)', colour: '#6941c6' },
};

/** One robustness-vs-budget chart: the given metrics of each run of the sweep against the swept value. */
export function SweepCurve({ title, points, metrics, parameter, yLabel, yDomain }: { title: string; points: SweepPointView[]; metrics: Metric[]; parameter: string; yLabel: string; yDomain?: [number, number] }) {
  const data = points.filter((p) => p.value !== null);
  const described = metrics.map((m) => SERIES[m].label).join(' and ');
  return (
    <figure className="chart sweep-chart" data-testid={`sweep-curve-${metrics[0]}`}>
      <figcaption className="chart-title">{title}</figcaption>
      <div role="img" aria-label={`Line chart: ${described} on the vertical axis against ${parameter} on the horizontal axis, one point per run of the sweep. The table below lists the same data.`}>
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={data} margin={{ top: 10, right: 20, bottom: 30, left: 10 }}>
            <CartesianGrid stroke="#d9dce1" />
            <XAxis dataKey="value" type="number" scale="linear" domain={['dataMin', 'dataMax']} label={{ value: parameter, position: 'insideBottom', offset: -15, fill: '#1b1f24' }} stroke="#414851" />
            <YAxis domain={yDomain ?? ['auto', 'auto']} tickFormatter={(v: number) => (Math.abs(v) < 10 ? v.toFixed(2) : v.toFixed(0))} label={{ value: yLabel, angle: -90, position: 'insideLeft', fill: '#1b1f24', style: { textAnchor: 'middle' } }} stroke="#414851" />
            <Tooltip formatter={(value) => (typeof value === 'number' ? value.toFixed(3) : String(value))} labelFormatter={(value) => `${parameter} = ${String(value)}`} />
            {metrics.length > 1 ? <Legend verticalAlign="top" height={44} wrapperStyle={{ fontSize: '0.85rem', lineHeight: 1.3 }} /> : null}
            {metrics.map((metric) => (
              <Line key={metric} dataKey={metric} name={SERIES[metric].label} stroke={SERIES[metric].colour} strokeWidth={2} dot={{ r: 4 }} connectNulls isAnimationActive={false} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
