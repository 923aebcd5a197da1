'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartPoint, PairView } from '../../../lib/api-runs';
import { RAMP_GRADIENT, rampColour } from '../../_components/mos-colour';

const PAIR_COLOUR = '#b42318';

/**
 * Clean vs attacked score per image, coloured by MOS; the diagonal is "the attack changed nothing". A point
 * opens its image pair. With `pairs`, a toggle (kept in the URL as `pairs=1`) draws the strongest discordant
 * pairs — images whose order flipped between clean and attacked — as red segments between their points.
 */
export function ScoreScatter({
  points,
  scoreRange,
  mosLabel,
  pairs = null,
  pairsShown = false,
  height = 360,
  label,
}: {
  points: ChartPoint[];
  scoreRange: [number, number];
  mosLabel: string;
  pairs?: { pairs: PairView[]; total: number } | null;
  pairsShown?: boolean;
  height?: number;
  label?: string;
}) {
  const router = useRouter();
  const toggleId = useId();
  const [showPairs, setShowPairs] = useState(pairsShown && pairs !== null);
  const mos = points.map((p) => p.mos);
  const lo = Math.min(...mos);
  const hi = Math.max(...mos);
  const values = points.flatMap((p) => [p.clean, p.attacked]);
  const min = Math.min(scoreRange[0], ...values);
  const max = Math.max(scoreRange[1], ...values);
  const drawn = showPairs && pairs ? pairs.pairs : [];
  const highlighted = drawn.flatMap((pair) => [pair.a, pair.b]);

  const toggle = (on: boolean) => {
    setShowPairs(on);
    const url = new URL(window.location.href);
    if (on) url.searchParams.set('pairs', '1');
    else url.searchParams.delete('pairs');
    window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  };
  const open = (entry: unknown) => {
    const point = (entry as { payload?: ChartPoint } | undefined)?.payload;
    if (point?.href) router.push(point.href);
  };

  return (
    <figure className="chart" data-testid="score-scatter" data-pairs-shown={String(drawn.length > 0)}>
      {pairs ? (
        <div className="chart-controls">
          <input id={toggleId} type="checkbox" checked={showPairs} onChange={(event) => toggle(event.target.checked)} disabled={pairs.total === 0} />
          <label htmlFor={toggleId}>
            Highlight the pairs that broke SROCC{' '}
            <span className="muted">
              ({pairs.total === 0 ? 'no pair changed order' : `the ${Math.min(pairs.pairs.length, pairs.total)} strongest of ${pairs.total} flipped pairs`})
            </span>
          </label>
        </div>
      ) : null}
      <div role="img" aria-label={label ?? `Scatter plot of ${points.length} images: clean score on the horizontal axis, attacked score on the vertical axis, coloured by ${mosLabel}.${drawn.length ? ` ${drawn.length} discordant pairs are joined by red lines.` : ''} Select a point to open its image pair; the table below lists the same data.`}>
        <ResponsiveContainer width="100%" height={height}>
          <ScatterChart margin={{ top: 10, right: 20, bottom: 30, left: 10 }}>
            <CartesianGrid stroke="#d9dce1" />
            <XAxis type="number" dataKey="clean" name="Clean score" domain={[min, max]} tickFormatter={(v: number) => v.toFixed(0)} label={{ value: 'clean score', position: 'insideBottom', offset: -15, fill: '#1b1f24' }} stroke="#414851" />
            <YAxis type="number" dataKey="attacked" name="Attacked score" domain={[min, max]} tickFormatter={(v: number) => v.toFixed(0)} label={{ value: 'attacked score', angle: -90, position: 'insideLeft', fill: '#1b1f24', style: { textAnchor: 'middle' } }} stroke="#414851" />
            <ReferenceLine segment={[{ x: min, y: min }, { x: max, y: max }]} stroke="#8a929c" strokeDasharray="4 4" ifOverflow="hidden" />
            {drawn.map((pair) => (
              <ReferenceLine key={`${pair.a.imageId}-${pair.b.imageId}`} segment={[{ x: pair.a.clean, y: pair.a.attacked }, { x: pair.b.clean, y: pair.b.attacked }]} stroke={PAIR_COLOUR} strokeOpacity={0.7} strokeWidth={1.5} ifOverflow="hidden" className="discordant-pair" />
            ))}
            <Tooltip
              cursor={{ strokeDasharray: '3 3' }}
              content={({ active, payload }) => {
                const point = active ? (payload?.[0]?.payload as ChartPoint | undefined) : undefined;
                if (!point) return null;
                return (
                  <div className="tooltip">
                    <strong>{point.key}</strong>
                    <br />
                    {mosLabel} {point.mos.toFixed(2)} · clean {point.clean.toFixed(2)} · attacked {point.attacked.toFixed(2)}
                    <br />
                    <span className="muted">Click to open the image pair</span>
                  </div>
                );
              }}
            />
            <Scatter data={points} isAnimationActive={false} onClick={open} cursor="pointer">
              {points.map((point) => (
                <Cell key={point.imageId} fill={rampColour(point.mos, lo, hi)} stroke="#1b1f24" strokeWidth={0.5} />
              ))}
            </Scatter>
            {highlighted.length ? <Scatter data={highlighted} isAnimationActive={false} onClick={open} cursor="pointer" fill="none" stroke={PAIR_COLOUR} strokeWidth={2} className="discordant-points" /> : null}
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
        <span className="muted">Dashed line: attacked = clean.{drawn.length ? ' Red: pairs whose order flipped.' : ''}</span>
      </figcaption>
      {drawn.length ? (
        <details className="chart-data">
          <summary>The {drawn.length} highlighted pairs as a table</summary>
          <table className="data numeric">
            <caption className="visually-hidden">Discordant pairs, strongest first</caption>
            <thead>
              <tr>
                <th scope="col">Image A</th>
                <th scope="col">Image B</th>
                <th scope="col">Clean A − B</th>
                <th scope="col">Attacked A − B</th>
                <th scope="col">Strength</th>
              </tr>
            </thead>
            <tbody>
              {drawn.map((pair) => (
                <tr key={`${pair.a.imageId}-${pair.b.imageId}`}>
                  <td>
                    <Link href={pair.a.href}>{pair.a.key}</Link>
                  </td>
                  <td>
                    <Link href={pair.b.href}>{pair.b.key}</Link>
                  </td>
                  <td>{(pair.a.clean - pair.b.clean).toFixed(2)}</td>
                  <td>{(pair.a.attacked - pair.b.attacked).toFixed(2)}</td>
                  <td>{pair.strength}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </figure>
  );
}
