'use client';

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { HistogramBin } from '../../../lib/api-datasets';

/** How the labels are spread: counts per equal bin over the dataset's label range, with a table alternative. */
export function MosHistogram({ bins, mosLabel, note }: { bins: HistogramBin[]; mosLabel: string; note: string | null }) {
  const total = bins.reduce((sum, bin) => sum + bin.count, 0);
  return (
    <figure className="chart" data-testid="mos-histogram">
      <div role="img" aria-label={`Histogram of ${total} ${mosLabel} labels in ${bins.length} bins from ${bins[0]?.label.split('–')[0] ?? '—'} to ${bins.at(-1)?.label.split('–')[1] ?? '—'}.`}>
        <ResponsiveContainer width="100%" height={260}>
          <BarChart data={bins} margin={{ top: 10, right: 20, bottom: 30, left: 10 }}>
            <CartesianGrid stroke="#d9dce1" vertical={false} />
            <XAxis dataKey="label" interval="preserveStartEnd" stroke="#414851" tick={{ fontSize: 12 }} label={{ value: mosLabel, position: 'insideBottom', offset: -15, fill: '#1b1f24' }} />
            <YAxis allowDecimals={false} stroke="#414851" label={{ value: 'images', angle: -90, position: 'insideLeft', fill: '#1b1f24' }} />
            <Tooltip
              content={({ active, payload }) => {
                const bin = active ? (payload?.[0]?.payload as HistogramBin | undefined) : undefined;
                return bin ? (
                  <div className="tooltip">
                    {mosLabel} {bin.label}: <strong>{bin.count}</strong> image{bin.count === 1 ? '' : 's'}
                  </div>
                ) : null;
              }}
            />
            <Bar dataKey="count" fill="#1f4e8c" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption>
        <details>
          <summary>Counts as a table</summary>
          <table className="data numeric compact">
            <caption className="visually-hidden">{mosLabel} histogram counts</caption>
            <thead>
              <tr>
                <th scope="col">{mosLabel}</th>
                <th scope="col">Images</th>
              </tr>
            </thead>
            <tbody>
              {bins.map((bin) => (
                <tr key={bin.label}>
                  <th scope="row">{bin.label}</th>
                  <td>{bin.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
        {note ? <span className="muted">{note}</span> : null}
      </figcaption>
    </figure>
  );
}
