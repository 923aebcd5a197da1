import type { Metadata } from 'next';
import Link from 'next/link';
import { fetchComments, fetchRunDetail, parseImageTableQuery, type RunDetailView, type Stage1CheckView } from '../../../lib/api';
import { fetchLiveProgress, fetchRunCharts, type RunChartsView } from '../../../lib/api-runs';
import { CommentsSection } from '../../_components/comments';
import { ImagesTable } from './images-table';
import { LiveUpdates } from '../../_components/auto-refresh';
import { ErrorState } from '../../_components/error-state';
import { ProgressBar, StatusBadge } from '../../_components/status-badge';
import { HistogramChart } from './histogram-chart';
import { ScoreScatter } from './score-scatter';
import { TargetChart } from './target-chart';
import { TransferSection } from './transfer/transfer-section';

export const metadata: Metadata = { title: 'Run · Rankfall' };
export const dynamic = 'force-dynamic';

export default async function RunPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  const search = await searchParams;
  // The table is windowed from its first page: an `after` cursor in an old permalink is ignored.
  const table = { ...parseImageTableQuery(search), after: undefined };
  const pairsShown = search['pairs'] === '1';
  const [detail, charts, comments, live] = await Promise.all([fetchRunDetail(id, table), fetchRunCharts(id), fetchComments(id), fetchLiveProgress(id)]);
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
      {run.active ? <LiveUpdates runIds={[run.id]} initial={live} progress /> : null}
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

      {charts.kind === 'error' ? (
        <section aria-labelledby="scatter-title">
          <h2 id="scatter-title">Clean vs attacked score</h2>
          <p className="form-error">The scores could not be loaded: {charts.message}</p>
        </section>
      ) : (
        <RunCharts run={run} charts={charts.view} pairsShown={pairsShown} />
      )}

      <ImagesTable run={run} query={table} />
      {run.status === 'SUCCEEDED' ? <TransferSection runId={run.id} /> : null}
      <CommentsSection runId={run.id} comments={comments} />
    </article>
  );
}

function RunCharts({ run, charts, pairsShown }: { run: RunDetailView; charts: RunChartsView; pairsShown: boolean }) {
  const scored = charts.points.length;
  return (
    <>
      <section aria-labelledby="scatter-title">
        <h2 id="scatter-title">Clean vs attacked score</h2>
        {scored === 0 ? (
          <p className="muted">No image has both scores yet.</p>
        ) : (
          <>
            <ScoreScatter points={charts.points} scoreRange={run.scoreRange} mosLabel={run.mosLabel} pairs={charts.discordant} pairsShown={pairsShown} />
            {charts.truncated ? <p className="muted">Showing the first {scored} of {charts.totalResults} images (key order).</p> : null}
            <ChartTable
              summary={`The ${scored} points as a table`}
              caption="Clean and attacked score per image"
              columns={['Image', run.mosLabel, 'Clean', 'Attacked']}
              rows={charts.points.map((p) => ({ key: p.imageId, href: p.href, label: p.key, cells: [p.mos.toFixed(2), p.clean.toFixed(3), p.attacked.toFixed(3)] }))}
            />
          </>
        )}
      </section>

      {charts.targets.length ? (
        <section aria-labelledby="targets-title">
          <h2 id="targets-title">SMA target vs achieved score</h2>
          <TargetChart points={charts.targets} scoreRange={run.scoreRange} />
          <ChartTable
            summary={`The ${charts.targets.length} targets as a table`}
            caption="Target and achieved score per image"
            columns={['Image', 'Target', 'Achieved', 'Achieved − target']}
            rows={charts.targets.map((p) => ({ key: p.imageId, href: p.href, label: p.key, cells: [(p.target ?? 0).toFixed(3), p.attacked.toFixed(3), (p.attacked - (p.target ?? 0)).toFixed(3)] }))}
          />
        </section>
      ) : null}

      <section aria-labelledby="histogram-title">
        <h2 id="histogram-title">Score change</h2>
        {charts.histogram.length === 0 ? (
          <p className="muted">No image has been attacked yet.</p>
        ) : (
          <>
            <HistogramChart bars={charts.histogram} />
            <ChartTable summary="The histogram as a table" caption="Images per score-change bin" columns={['Score change', 'Images']} rows={charts.histogram.map((bar, i) => ({ key: `bin-${i}`, label: bar.label, cells: [String(bar.count)] }))} />
          </>
        )}
      </section>
    </>
  );
}

/** A chart's data as a table (the accessible alternative), folded away by default. */
function ChartTable({ summary, caption, columns, rows }: { summary: string; caption: string; columns: string[]; rows: Array<{ key: string; href?: string; label: string; cells: string[] }> }) {
  return (
    <details className="chart-data">
      <summary>{summary}</summary>
      <div className="table-scroll chart-data-scroll" role="region" aria-label={`${caption}, scrollable`} tabIndex={0}>
        <table className="data numeric">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.href ? <Link href={row.href}>{row.label}</Link> : row.label}</th>
                {row.cells.map((cell, i) => (
                  <td key={i}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
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
