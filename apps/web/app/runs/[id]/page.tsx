import type { Metadata } from 'next';
import Link from 'next/link';
import { fetchComments, fetchRunDetail, fetchScatterPoints, parseImageTableQuery, type RunDetailView, type Stage1CheckView } from '../../../lib/api';
import { CommentsSection } from '../../_components/comments';
import { ImagesTable } from './images-table';
import { AutoRefresh } from '../../_components/auto-refresh';
import { ErrorState } from '../../_components/error-state';
import { ProgressBar, StatusBadge } from '../../_components/status-badge';
import { ScoreScatter } from './score-scatter';

export const metadata: Metadata = { title: 'Run · Rankfall' };
export const dynamic = 'force-dynamic';

export default async function RunPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  const table = parseImageTableQuery(await searchParams);
  const [detail, scatter, comments] = await Promise.all([fetchRunDetail(id, table), fetchScatterPoints(id), fetchComments(id)]);
  if (detail.kind === 'error') return <ErrorState title="The run could not be loaded" message={detail.message} retryHref={`/runs/${encodeURIComponent(id)}`} />;
  const run = detail.view;
  return (
    <article className="run" data-status={run.status}>
      <p className="crumbs">
        <Link href="/runs">Runs</Link> / <span>{run.title}</span>
      </p>
      <header className="run-head">
        <h1>{run.title}</h1>
        <StatusBadge status={run.status} />
        <ProgressBar value={run.progress} label={run.progressLabel} name="Run progress" />
        {run.progressMessage && run.active ? <span className="muted">{run.progressMessage}</span> : null}
      </header>
      {run.active ? <AutoRefresh /> : null}
      {run.status === 'FAILED' && run.errorMessage ? (
        <p className="form-error" role="alert">
          The run failed: {run.errorMessage}
        </p>
      ) : null}
      <dl className="facts">
        {run.facts.map((fact) => (
          <div key={fact.label}>
            <dt>{fact.label}</dt>
            <dd>{fact.value}</dd>
          </div>
        ))}
      </dl>

      <section aria-labelledby="metrics-title">
        <h2 id="metrics-title">Correlations</h2>
        {run.status !== 'SUCCEEDED' ? <p className="muted">The correlations are computed when the run has finished.</p> : null}
        <MetricCards run={run} />
      </section>

      {run.stage1 ? <Stage1Check check={run.stage1} /> : null}

      <section aria-labelledby="scatter-title">
        <h2 id="scatter-title">Clean vs attacked score</h2>
        {scatter.kind === 'error' ? (
          <p className="form-error">The scores could not be loaded: {scatter.message}</p>
        ) : scatter.view.points.length === 0 ? (
          <p className="muted">No image has both scores yet.</p>
        ) : (
          <>
            <ScoreScatter points={scatter.view.points} scoreRange={run.scoreRange} mosLabel={run.mosLabel} />
            {scatter.view.truncated ? <p className="muted">Showing the first {scatter.view.points.length} images.</p> : null}
          </>
        )}
      </section>

      <ImagesTable run={run} query={table} />
      <CommentsSection runId={run.id} comments={comments} />
    </article>
  );
}

function MetricCards({ run }: { run: RunDetailView }) {
  return (
    <ul className="cards" aria-label="Correlation metrics">
      {run.metricCards.map((card) => (
        <li key={card.id} className="card" data-metric={card.id}>
          <h3>{card.title}</h3>
          <p className="big">
            <abbr title="Spearman rank-order correlation">SROCC</abbr> {card.srocc}
          </p>
          <p className="muted">95 % CI {card.sroccCi ?? '—'}</p>
          <p>
            <abbr title="Pearson linear correlation">PLCC</abbr> {card.plcc}
          </p>
          {card.note ? <p className="muted">{card.note}</p> : null}
        </li>
      ))}
    </ul>
  );
}

function Stage1Check({ check }: { check: Stage1CheckView }) {
  return (
    <section aria-labelledby="stage1-title" className="stage1" data-state={check.state} data-reversed={check.state === 'done' ? String(check.reversed) : undefined}>
      <h2 id="stage1-title">SMA stage 1: target ranking</h2>
      {check.state === 'pending' ? (
        <p className="muted">Stage 1 is {check.status.toLowerCase()}; its check appears when it has finished.</p>
      ) : check.state === 'unreadable' ? (
        <p className="form-error">Stage 1 finished but its summary could not be read.</p>
      ) : (
        <>
          <p className={check.reversed ? 'verdict ok' : 'verdict warn'} role={check.reversed ? undefined : 'alert'}>
            {check.reversed
              ? `The target ranking is reversed: SROCC(clean, target) = ${check.srocc}.`
              : `The ranking was NOT reversed: SROCC(clean, target) = ${check.srocc}. Stage 2 can at best reach this, so a weak result here is a stage-1 failure, not a robust model.`}
          </p>
          <dl className="facts">
            <div>
              <dt>SROCC clean ↔ target</dt>
              <dd>{check.srocc}</dd>
            </div>
            <div>
              <dt>Preset</dt>
              <dd>{check.preset}</dd>
            </div>
            <div>
              <dt>Soft-rank ε</dt>
              <dd>{check.softRankEps}</dd>
            </div>
            <div>
              <dt>Iterations</dt>
              <dd>{check.iterations}</dd>
            </div>
            <div>
              <dt>Images</dt>
              <dd>{check.images}</dd>
            </div>
          </dl>
          {check.atBounds ? <p className="muted">Targets: {check.atBounds}.</p> : null}
        </>
      )}
    </section>
  );
}
