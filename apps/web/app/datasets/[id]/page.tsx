import type { Metadata } from 'next';
import Link from 'next/link';
import { fetchDatasetDetail, parseDatasetQuery } from '../../../lib/api-datasets';
import { parseTeamParam, teamHref } from '../../../lib/api-teams';
import { ErrorState } from '../../_components/error-state';
import { StatusBadge } from '../../_components/status-badge';
import { MosHistogram } from './mos-histogram';
import { Thumbnail } from './thumbnail';

export const metadata: Metadata = { title: 'Dataset · Rankfall' };
export const dynamic = 'force-dynamic';

export default async function DatasetPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  const search = await searchParams;
  const slug = parseTeamParam(search);
  const query = parseDatasetQuery(search);
  const outcome = await fetchDatasetDetail(id, slug, query);
  if (outcome.kind === 'error') return <ErrorState title="The dataset could not be loaded" message={outcome.message} retryHref={`/datasets/${encodeURIComponent(id)}`} />;
  const dataset = outcome.view;
  const listHref = dataset.teamSlug ? teamHref('/datasets', dataset.teamSlug) : '/datasets';
  return (
    <>
      <p className="crumbs">
        <Link href={listHref}>Datasets</Link> / <span>{dataset.title}</span>
      </p>
      <h1>{dataset.title}</h1>
      {dataset.description ? <p>{dataset.description}</p> : null}
      <dl className="facts" aria-label="Dataset facts">
        {dataset.facts.map((fact) => (
          <div key={fact.label}>
            <dt>{fact.label}</dt>
            <dd>{fact.value}</dd>
          </div>
        ))}
      </dl>

      <h2 id="splits-title">Splits</h2>
      <nav aria-labelledby="splits-title" className="split-tabs">
        {dataset.splits.map((split) => (
          <Link key={split.label} href={split.href} aria-current={split.current ? 'page' : undefined} className={split.current ? 'current' : undefined}>
            {split.label} <span className="count">{split.count}</span>
          </Link>
        ))}
      </nav>

      <h2>{dataset.mosLabel} distribution</h2>
      {dataset.histogram.some((bin) => bin.count > 0) ? <MosHistogram bins={dataset.histogram} mosLabel={dataset.mosLabel} note={dataset.histogramNote} /> : <p className="empty">No labels in this split.</p>}

      <h2 id="images-title">Images</h2>
      {dataset.images.length === 0 ? (
        <p className="empty">No images in this split.</p>
      ) : (
        <>
          <p className="muted">
            {dataset.imageTotal} image{dataset.imageTotal === 1 ? '' : 's'}
            {query.split ? ` in ${query.split.toLowerCase()}` : ''}, by key; {dataset.images.length} on this page.
          </p>
          <ul className="thumb-grid" aria-labelledby="images-title">
            {dataset.images.map((image) => (
              <li key={image.id}>
                <Thumbnail src={image.src} alt={image.alt} />
                <span className="thumb-key" title={image.key}>
                  {image.key}
                </span>
                <span className="muted small">
                  {dataset.mosLabel} {image.mos} · {image.split}
                </span>
              </li>
            ))}
          </ul>
          <p className="pager">
            {dataset.firstHref ? <Link href={dataset.firstHref}>← First page</Link> : null}
            {dataset.nextHref ? <Link href={dataset.nextHref}>Next images →</Link> : null}
          </p>
        </>
      )}

      <h2 id="runs-title">Runs on this dataset</h2>
      {dataset.runs.length === 0 ? (
        <p className="empty">No runs on this dataset yet.</p>
      ) : (
        <>
          <ul className="run-links" aria-labelledby="runs-title">
            {dataset.runs.map((run) => (
              <li key={run.id}>
                <Link href={run.href}>{run.title}</Link> <StatusBadge status={run.status} /> <span className="muted small">split {run.split} · {run.createdLabel}</span>
              </li>
            ))}
          </ul>
          {dataset.runTotal > dataset.runs.length && dataset.runsHref ? (
            <p className="muted">
              {dataset.runTotal - dataset.runs.length} more in <Link href={dataset.runsHref}>the runs list</Link>.
            </p>
          ) : null}
        </>
      )}
    </>
  );
}
