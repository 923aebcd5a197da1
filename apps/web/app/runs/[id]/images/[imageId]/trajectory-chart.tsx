'use client';

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/** The image's score before each attack iteration and after the last, with stage 1's target when there is one. */
export function TrajectoryChart({ points, targetScore }: { points: Array<{ step: number; score: number }>; targetScore: number | null }) {
  const first = points[0]?.score;
  const last = points[points.length - 1]?.score;
  return (
    <figure className="chart" data-testid="trajectory-chart">
      <div role="img" aria-label={`Score over ${Math.max(0, points.length - 1)} iterations${first !== undefined && last !== undefined ? `, from ${first.toFixed(2)} to ${last.toFixed(2)}` : ''}${targetScore === null ? '' : `; target ${targetScore.toFixed(2)}`}.`}>
        <ResponsiveContainer width="100%" height={280}>
          <LineChart data={points} margin={{ top: 10, right: 20, bottom: 30, left: 10 }}>
            <CartesianGrid stroke="#d9dce1" />
            <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} label={{ value: 'iteration', position: 'insideBottom', offset: -15, fill: '#1b1f24' }} stroke="#414851" />
            <YAxis domain={['auto', 'auto']} tickFormatter={(v: number) => v.toFixed(1)} label={{ value: 'score', angle: -90, position: 'insideLeft', fill: '#1b1f24' }} stroke="#414851" />
            <Tooltip formatter={(value) => (typeof value === 'number' ? value.toFixed(3) : String(value))} labelFormatter={(step) => `iteration ${String(step)}`} />
            {targetScore === null ? null : <ReferenceLine y={targetScore} stroke="#b4233a" strokeDasharray="5 4" label={{ value: 'target', position: 'insideTopRight', fill: '#8c1b2d' }} />}
            <Line type="linear" dataKey="score" name="score" stroke="#1f4e8c" strokeWidth={2} dot={points.length <= 30} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
