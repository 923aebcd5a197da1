import type { Metadata } from 'next';
import Link from 'next/link';
import { fetchComments, fetchImagePair, type ImagePairView } from '../../../../../lib/api';
import { CommentsSection } from '../../../../_components/comments';
import { rateVisibilityAction } from '../../../../_review/review.actions';
import { ErrorState } from '../../../../_components/error-state';
import { TrajectoryChart } from './trajectory-chart';

export const metadata: Metadata = { title: 'Image pair · Rankfall' };
export const dynamic = 'force-dynamic';

export default async function ImagePairPage({ params }: { params: Promise<{ id: string; imageId: string }> }) {
  const { id, imageId } = await params;
  const [pair, comments] = await Promise.all([fetchImagePair(id, imageId), fetchComments(id, imageId)]);
  if (pair.kind === 'error') return <ErrorState title="The image could not be loaded" message={pair.message} retryHref={`/runs/${encodeURIComponent(id)}/images/${encodeURIComponent(imageId)}`} />;
  const view = pair.view;
  return (
    <article className="pair">
      <p className="crumbs">
        <Link href="/runs">Runs</Link> / <Link href={view.runHref}>{view.runTitle}</Link> / <span>{view.key}</span>
      </p>
      <h1>
        {view.key} <span className="muted">{view.size}</span>
      </h1>
      <div className="pair-images">
        {view.images.map((image) => (
          <figure key={image.label}>
            {image.src ? (
              <img src={image.src} alt={image.alt} width={256} height={256} />
            ) : (
              <div className="no-image">Not attacked yet</div>
            )}
            <figcaption>{image.label}</figcaption>
          </figure>
        ))}
      </div>
      <VisibilityRating view={view} />
      <section aria-labelledby="numbers-title">
        <h2 id="numbers-title">Numbers</h2>
        <dl className="facts">
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
      <CommentsSection runId={view.runId} imageId={view.imageId} comments={comments} />
    </article>
  );
}

function VisibilityRating({ view }: { view: ImagePairView }) {
  const from = `/runs/${view.runId}/images/${view.imageId}`;
  const canRate = view.images[1]?.src !== null;
  return (
    <section aria-labelledby="rating-title">
      <h2 id="rating-title">Is the perturbation visible?</h2>
      <div className="rating">
        {canRate ? (
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
          {!canRate ? 'There is no adversarial image to rate yet. ' : ''}
          {view.myRating === null ? 'You have not rated it.' : `Your rating: ${view.myRating ? 'visible' : 'not visible'}.`} {view.ratingSummary}.
        </p>
      </div>
    </section>
  );
}
