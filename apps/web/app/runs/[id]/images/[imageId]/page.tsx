import type { Metadata } from 'next';
import Link from 'next/link';
import { fetchImagePair } from '../../../../../lib/api';
import { ErrorState } from '../../../../_components/error-state';
import { TrajectoryChart } from './trajectory-chart';

export const metadata: Metadata = { title: 'Image pair · Rankfall' };
export const dynamic = 'force-dynamic';

export default async function ImagePairPage({ params }: { params: Promise<{ id: string; imageId: string }> }) {
  const { id, imageId } = await params;
  const pair = await fetchImagePair(id, imageId);
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
    </article>
  );
}
