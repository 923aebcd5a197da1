import type { Metadata } from 'next';
import Link from 'next/link';
import { imagePairHref, parseImageTableQuery } from '../../../../../lib/api';
import { HEAT_MAP_STOPS, fetchImageUnderEveryRun, fetchPairPage, fetchPinnedComments, type ImageRunRowView, type PairPageView } from '../../../../../lib/api-images';
import { parseViewport } from '../../../../../lib/pair-viewport';
import { ImageCommentsSection } from '../../../../_components/comments';
import { ErrorState } from '../../../../_components/error-state';
import { StatusBadge } from '../../../../_components/status-badge';
import { rateVisibilityAction } from '../../../../_review/review.actions';
import { PairNav } from './pair-nav';
import { PairViewer } from './pair-viewer';
import { TrajectoryChart } from './trajectory-chart';

export const metadata: Metadata = { title: 'Image pair · Rankfall' };
export const dynamic = 'force-dynamic';

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * One image of one run: the synchronised viewer (view in the URL: `?z=4&cx=0.31&cy=0.62`), previous / next
 * in the order and filter of the run's table (its parameters travel in the URL too), the numbers, the
 * trajectory, the viewer's rating, comments pinned to a view, and this image under every run of the team.
 */
export default async function ImagePairPage({ params, searchParams }: { params: Promise<{ id: string; imageId: string }>; searchParams: Promise<SearchParams> }) {
  const [{ id, imageId }, query] = await Promise.all([params, searchParams]);
  const table = parseImageTableQuery(query);
  const initialView = parseViewport((name) => query[name]);
  const [pair, comments, everyRun] = await Promise.all([fetchPairPage(id, imageId, table), fetchPinnedComments(id, imageId, table), fetchImageUnderEveryRun(imageId, id)]);
  if (pair.kind === 'error') return <ErrorState title="The image could not be loaded" message={pair.message} retryHref={imagePairHref(id, imageId, table)} />;
  const view = pair.view;
  return (
    <article className="pair">
      <p className="crumbs">
        <Link href="/runs">Runs</Link> / <Link href={view.nav.tableHref}>{view.runTitle}</Link> / <span>{view.key}</span>
      </p>
      <h1>
        {view.key} <span className="muted">{view.size}</span>
      </h1>
      <PairNav {...view.nav} />
      <PairViewer
        // A navigation (permalink, next / previous) remounts it at the URL's view; its own URL updates re-render nothing.
        key={`${view.imageId}:${initialView.z}:${initialView.cx}:${initialView.cy}`}
        panes={view.panes}
        width={view.width}
        height={view.height}
        imageKey={view.key}
        initialView={initialView}
        heatLegend={view.heatMax ? { stops: HEAT_MAP_STOPS, maxLabel: view.heatMax.label } : null}
      />
      <VisibilityRating view={view} from={imagePairHref(id, imageId, table)} />
      <section aria-labelledby="numbers-title">
        <h2 id="numbers-title">Numbers</h2>
        <dl className="facts" data-testid="pair-numbers">
          {view.numbers.map((n) => (
            <div key={n.label}>
              <dt>{n.label}</dt>
              <dd>{n.value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="trajectory-title">
        <h2 id="trajectory-title">Score trajectory</h2>
        {view.trajectory.length > 1 ? <TrajectoryChart points={view.trajectory} targetScore={view.targetScore} /> : <p className="muted">No trajectory recorded for this image yet.</p>}
      </section>
      <ImageCommentsSection runId={view.runId} imageId={view.imageId} from={imagePairHref(id, imageId, table)} comments={comments} />
      <UnderEveryRun rows={everyRun} />
    </article>
  );
}

function VisibilityRating({ view, from }: { view: PairPageView; from: string }) {
  return (
    <section aria-labelledby="rating-title">
      <h2 id="rating-title">Is the perturbation visible?</h2>
      <div className="rating">
        {view.canRate ? (
          <form action={rateVisibilityAction} aria-label="Rate the perturbation">
            <input type="hidden" name="imageResultId" value={view.imageResultId} />
            <input type="hidden" name="from" value={from} />
            <button type="submit" name="visible" value="true" className="button" aria-pressed={view.myRating === true}>
              Yes, visible
            </button>
            <button type="submit" name="visible" value="false" className="button" aria-pressed={view.myRating === false}>
              No, not visible
            </button>
          </form>
        ) : null}
        <p className="muted" data-testid="my-rating">
          {!view.canRate ? 'There is no adversarial image to rate yet. ' : ''}
          {view.myRating === null ? 'You have not rated it.' : `Your rating: ${view.myRating ? 'visible' : 'not visible'}.`} {view.ratingSummary}.
        </p>
      </div>
    </section>
  );
}

function UnderEveryRun({ rows }: { rows: { kind: 'ok'; view: ImageRunRowView[] } | { kind: 'error'; message: string } }) {
  return (
    <section aria-labelledby="every-run-title">
      <h2 id="every-run-title">This image under every run</h2>
      {rows.kind === 'error' ? (
        <p className="form-error">The other runs could not be loaded: {rows.message}</p>
      ) : rows.view.length <= 1 ? (
        <p className="muted">No other run of your team has this image yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="data numeric" data-testid="every-run">
            <caption className="visually-hidden">This image&apos;s scores under every run of the team, newest run first</caption>
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Status</th>
                <th scope="col">ε</th>
                <th scope="col">Clean</th>
                <th scope="col">Attacked</th>
                <th scope="col">Δ score</th>
                <th scope="col">PSNR</th>
                <th scope="col">L∞</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {rows.view.map((row) => (
                <tr key={row.runId} aria-current={row.current ? 'page' : undefined} className={row.current ? 'current-row' : undefined}>
                  <th scope="row" className="wrap">
                    {row.current ? (
                      <span>
                        {row.title} <span className="muted">(this run)</span>
                      </span>
                    ) : (
                      <Link href={row.href}>{row.title}</Link>
                    )}
                  </th>
                  <td>
                    <StatusBadge status={row.status} />
                  </td>
                  <td>{row.epsilon}</td>
                  <td>{row.clean}</td>
                  <td>{row.attacked}</td>
                  <td>{row.delta}</td>
                  <td>{row.psnr}</td>
                  <td>{row.linf}</td>
                  <td>{row.created}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
