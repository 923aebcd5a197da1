import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { compareHref, fetchCompare, parseCompareQuery } from '../../lib/api-runs';
import { ErrorState } from '../_components/error-state';
import { StatusBadge } from '../_components/status-badge';
import { ScoreScatter } from '../runs/[id]/score-scatter';

export const metadata: Metadata = { title: 'Compare runs · Rankfall' };
export const dynamic = 'force-dynamic';

export default async function ComparePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = parseCompareQuery(await searchParams);
  if (!query.ok) {
    return (
      <>
        <p className="crumbs">
          <Link href="/runs">Runs</Link> / <span>Compare</span>
        </p>
        <h1>Compare runs</h1>
        <p className="empty" role="alert">
          {query.message} {query.ids.length >= 2 ? <Link href={compareHref(query.ids)}>Compare the first {query.ids.length}</Link> : <Link href="/runs">Back to the runs</Link>}
        </p>
      </>
    );
  }
  // The checkboxes of the runs list submit `run=a&run=b`: the permalink is `?runs=a,b`.
  if (!query.canonical) redirect(compareHref(query.ids));
  const outcome = await fetchCompare(query.ids);
  if (outcome.kind === 'missing') notFound();
  if (outcome.kind === 'error') return <ErrorState title="The runs could not be compared" message={outcome.message} retryHref={compareHref(query.ids)} />;
  const { runs, rows, commonCount, sameDataset } = outcome.view;
  return (
    <article className="compare" style={{ ['--compare-columns' as string]: runs.length }}>
      <p className="crumbs">
        <Link href="/runs">Runs</Link> / <span>Compare {runs.length} runs</span>
      </p>
      <h1>Compare {runs.length} runs</h1>
      {!sameDataset ? <p className="verdict warn">These runs use different datasets: only images they share are compared below.</p> : null}

      <section aria-labelledby="compare-metrics-title">
        <h2 id="compare-metrics-title">Correlations</h2>
        <div className="compare-grid">
          {runs.map((run) => (
            <div key={run.id} className="compare-column" data-run={run.id}>
              <h3>
                <Link href={run.href}>{run.title}</Link>
              </h3>
              <p className="muted small">{run.subtitle}</p>
              <StatusBadge status={run.status} />
              <ul className="cards stacked" aria-label={`Correlation metrics of ${run.title}`}>
                {run.cards.map((card) => (
                  <li key={card.id} className="card" data-metric={card.id}>
                    <h4>{card.title}</h4>
                    <p className="big">
                      <abbr title="Spearman rank-order correlation">SROCC</abbr> {card.srocc}
                    </p>
                    <p className="muted">95 % CI {card.sroccCi ?? '—'}</p>
                    <p>
                      <abbr title="Pearson linear correlation">PLCC</abbr> {card.plcc}
                    </p>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      </section>

      <section aria-labelledby="compare-scatter-title">
        <h2 id="compare-scatter-title">Clean vs attacked score</h2>
        <div className="compare-grid">
          {runs.map((run) => (
            <div key={run.id} className="compare-column">
              <h3 className="small-heading">{run.title}</h3>
              {run.points.length === 0 ? (
                <p className="muted">No image has both scores yet.</p>
              ) : (
                <ScoreScatter points={run.points} scoreRange={run.scoreRange} mosLabel={run.mosLabel} height={260} label={`Scatter plot of ${run.title}: ${run.points.length} images, clean score horizontally, attacked score vertically, coloured by ${run.mosLabel}.`} />
              )}
              {run.truncated ? <p className="muted small">First {run.points.length} images.</p> : null}
            </div>
          ))}
        </div>
      </section>

      <section aria-labelledby="compare-images-title">
        <h2 id="compare-images-title">Score change of the common images</h2>
        <p className="muted">
          {commonCount} image{commonCount === 1 ? '' : 's'} scored in every run{commonCount > rows.length ? `; the ${rows.length} where the runs disagree most are listed` : ', listed by how much the runs disagree'}
          .
        </p>
        {rows.length === 0 ? (
          <p className="empty">The runs have no scored image in common.</p>
        ) : (
          <div className="table-scroll" role="region" aria-label="Score changes of the common images, scrollable" tabIndex={0}>
            <table className="data numeric">
              <caption className="visually-hidden">Δ score (attacked − clean) of each common image in each run</caption>
              <thead>
                <tr>
                  <th scope="col">Image</th>
                  <th scope="col">{runs[0]?.mosLabel ?? 'MOS'}</th>
                  {runs.map((run, i) => (
                    <th key={run.id} scope="col">
                      Δ {i + 1}: {run.title}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.imageId}>
                    <th scope="row">{row.key}</th>
                    <td>{row.mos}</td>
                    {row.deltas.map((delta, i) => (
                      <td key={runs[i]?.id ?? i}>{delta}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </article>
  );
}
