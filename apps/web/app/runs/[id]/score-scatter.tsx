'use client';

import { CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { ScatterPoint } from '../../../lib/api';
import { RAMP_GRADIENT, rampColour } from '../../_components/mos-colour';

/** Clean vs attacked score per image, coloured by MOS; the diagonal is "the attack changed nothing". */
export function ScoreScatter({ points, scoreRange, mosLabel }: { points: ScatterPoint[]; scoreRange: [number, number]; mosLabel: string }) {
  const mos = points.map((p) => p.mos);
  const lo = Math.min(...mos);
  const hi = Math.max(...mos);
  const values = points.flatMap((p) => [p.clean, p.attacked]);
  const min = Math.min(scoreRange[0], ...values);
  const max = Math.max(scoreRange[1], ...values);
  return (
    <figure className="chart" data-testid="score-scatter">
      <div role="img" aria-label={`Scatter plot of ${points.length} images: clean score on the horizontal axis, attacked score on the vertical axis, coloured by ${mosLabel}.`}>
        <ResponsiveContainer width="100%" height={360}>
          <ScatterChart margin={{ top: 10, right: 20, bottom: 30, left: 10 }}>
            <CartesianGrid stroke="#d9dce1" />
            <XAxis type="number" dataKey="clean" name="Clean score" domain={[min, max]} tickFormatter={(v: number) => v.toFixed(0)} label={{ value: 'clean score', position: 'insideBottom', offset: -15, fill: '#1b1f24' }} stroke="#414851" />
            <YAxis type="number" dataKey="attacked" name="Attacked score" domain={[min, max]} tickFormatter={(v: number) => v.toFixed(0)} label={{ value: 'attacked score', angle: -90, position: 'insideLeft', fill: '#1b1f24' }} stroke="#414851" />
            <ReferenceLine segment={[{ x: min, y: min }, { x: max, y: max }]} stroke="#8a929c" strokeDasharray="4 4" ifOverflow="hidden" />
            <Tooltip
              cursor={{ strokeDasharray: '3 3' }}
              content={({ active, payload }) => {
                const point = active ? (payload?.[0]?.payload as ScatterPoint | undefined) : undefined;
                if (!point) return null;
                return (
                  <div className="tooltip">
                    <strong>{point.key}</strong>
                    <br />
                    {mosLabel} {point.mos.toFixed(2)} · clean {point.clean.toFixed(2)} · attacked {point.attacked.toFixed(2)}
                  </div>
                );
              }}
            />
            <Scatter data={points} isAnimationActive={false}>
              {points.map((point) => (
                <Cell key={point.key} fill={rampColour(point.mos, lo, hi)} stroke="#1b1f24" strokeWidth={0.5} />
              ))}
            </Scatter>
          </ScatterChart>
        </ResponsiveContainer>
      </div>
      <figcaption>
        <span className="legend">
          <span>
            {mosLabel} {Number.isFinite(lo) ? lo.toFixed(1) : '—'}
          </span>
          <span className="ramp" style={{ background: RAMP_GRADIENT }} aria-hidden="true" />
          <span>{Number.isFinite(hi) ? hi.toFixed(1) : '—'}</span>
        </span>
        <span className="muted">Dashed line: attacked = clean.</span>
      </figcaption>
    </figure>
  );
}
