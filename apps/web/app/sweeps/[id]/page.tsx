import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { fetchSweep } from '../../../lib/api-runs';
import { LiveUpdates } from '../../_components/auto-refresh';
import { ErrorState } from '../../_components/error-state';
import { StatusBadge } from '../../_components/status-badge';
import { SweepCurve } from './sweep-curves';

export const metadata: Metadata = { title: 'Sweep · Rankfall' };
export const dynamic = 'force-dynamic';

export default async function SweepPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const outcome = await fetchSweep(id);
  if (outcome.kind === 'missing') notFound();
  if (outcome.kind === 'error') return <ErrorState title="The sweep could not be loaded" message={outcome.message} retryHref={`/sweeps/${encodeURIComponent(id)}`} />;
  const sweep = outcome.view;
  const unfinished = sweep.points.filter((p) => p.status === 'QUEUED' || p.status === 'RUNNING').map((p) => p.runId);
  const plotted = sweep.points.filter((p) => p.value !== null && (p.sroccCleanAttacked !== null || p.meanAbsScoreChange !== null));
  return (
    <article className="sweep">
      <p className="crumbs">
        <Link href="/runs">Runs</Link> / <span>{sweep.title}</span>
      </p>
      <header className="run-head">
        <h1>{sweep.title}</h1>
        <span className="muted">
          {sweep.finished} of {sweep.points.length} runs finished
        </span>
      </header>
      {unfinished.length ? <LiveUpdates runIds={unfinished.slice(0, 25)} /> : null}
      <dl className="facts">
        <div>
          <dt>Attack</dt>
          <dd>{sweep.attackId}</dd>
        </div>
        <div>
          <dt>Swept</dt>
          <dd>{sweep.parameter}</dd>
        </div>
        <div>
          <dt>Model</dt>
          <dd>{sweep.model ?? '—'}</dd>
        </div>
        <div>
          <dt>Dataset</dt>
          <dd>{sweep.dataset ?? '—'}</dd>
        </div>
      </dl>

      <section aria-labelledby="curves-title">
        <h2 id="curves-title">Robustness vs {sweep.parameter}</h2>
        {plotted.length === 0 ? (
          <p className="muted">No run of this sweep has results yet; the curves appear as the runs finish.</p>
        ) : (
          <div className="chart-grid">
            <SweepCurve title="Ranking correlation" points={sweep.points} metrics={['sroccCleanAttacked', 'sroccMosAttacked']} parameter={sweep.parameter} yLabel="SROCC" yDomain={[-1, 1]} />
            <SweepCurve title="Score change" points={sweep.points} metrics={['meanAbsScoreChange']} parameter={sweep.parameter} yLabel="mean |Δ score|" />
            <SweepCurve title="Image quality of the attacked images" points={sweep.points} metrics={['psnrMean']} parameter={sweep.parameter} yLabel="PSNR (dB)" />
          </div>
        )}
      </section>

      <section aria-labelledby="sweep-runs-title">
        <h2 id="sweep-runs-title">Runs</h2>
        <div className="table-scroll" role="region" aria-label="Runs of the sweep, scrollable" tabIndex={0}>
          <table className="data numeric">
            <caption className="visually-hidden">One run per budget value, with its curve values</caption>
            <thead>
              <tr>
                <th scope="col">{sweep.parameter}</th>
                <th scope="col">Run</th>
                <th scope="col">Status</th>
                <th scope="col">SROCC clean ↔ attacked</th>
                <th scope="col">SROCC MOS ↔ attacked</th>
                <th scope="col">mean |Δ score|</th>
                <th scope="col">mean PSNR</th>
              </tr>
            </thead>
            <tbody>
              {sweep.points.map((point) => (
                <tr key={point.runId}>
                  <th scope="row">{point.valueLabel}</th>
                  <td className="wrap">
                    <Link href={point.runHref}>{point.runName}</Link>
                  </td>
                  <td>
                    <StatusBadge status={point.status} />
                  </td>
                  <td>{point.cells.sroccCleanAttacked}</td>
                  <td>{point.cells.sroccMosAttacked}</td>
                  <td>{point.cells.meanAbsScoreChange}</td>
                  <td>{point.cells.psnrMean}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {sweep.points.length >= 2 ? (
          <p>
            <Link href={`/compare?runs=${sweep.points.slice(0, 4).map((p) => encodeURIComponent(p.runId)).join(',')}`}>Compare {Math.min(4, sweep.points.length) === sweep.points.length ? 'these runs' : `the first ${Math.min(4, sweep.points.length)} runs`} side by side</Link>
          </p>
        ) : null}
      </section>
    </article>
  );
}
