import Link from 'next/link';
import type { CommentsView, Loaded } from '../../lib/api';
import type { PinnedCommentsView } from '../../lib/api-images';
import { CommentForm } from '../_review/comment-form';

/** A run's (or an image's) comments, oldest first, with the form to add one. */
export function CommentsSection({ runId, imageId, comments }: { runId: string; imageId?: string; comments: Loaded<CommentsView> }) {
  const from = imageId ? `/runs/${runId}/images/${imageId}` : `/runs/${runId}`;
  return (
    <section aria-labelledby="comments-title">
      <h2 id="comments-title">Comments</h2>
      {comments.kind === 'error' ? (
        <p className="form-error">The comments could not be loaded: {comments.message}</p>
      ) : comments.view.comments.length === 0 ? (
        <p className="muted">No comments yet.</p>
      ) : (
        <>
          <ol className="comments" aria-label="Comments, oldest first">
            {comments.view.comments.map((comment) => (
              <li key={comment.id}>
                <p className="meta">
                  <strong>{comment.author}</strong> · <time dateTime={comment.createdAt}>{comment.createdLabel}</time>
                  {!imageId && comment.image ? (
                    <>
                      {' · on '}
                      <Link href={comment.image.href}>{comment.image.key}</Link>
                    </>
                  ) : null}
                  {comment.step !== null ? ` · step ${comment.step}` : ''}
                </p>
                <p className="body">{comment.body}</p>
              </li>
            ))}
          </ol>
          {comments.view.totalCount > comments.view.comments.length ? <p className="muted">Showing the first {comments.view.comments.length} of {comments.view.totalCount} comments.</p> : null}
        </>
      )}
      <CommentForm runId={runId} imageId={imageId} from={from} />
    </section>
  );
}

/**
 * One image's comments, newest first, each pinned to the view (zoom / centre) it was written at: its
 * permalink opens that view; the form pins the view showing when it is posted.
 */
export function ImageCommentsSection({ runId, imageId, from, comments }: { runId: string; imageId: string; from: string; comments: Loaded<PinnedCommentsView> }) {
  return (
    <section aria-labelledby="comments-title">
      <h2 id="comments-title">Comments</h2>
      <CommentForm runId={runId} imageId={imageId} from={from} pinView />
      {comments.kind === 'error' ? (
        <p className="form-error">The comments could not be loaded: {comments.message}</p>
      ) : comments.view.comments.length === 0 ? (
        <p className="muted">No comments on this image yet.</p>
      ) : (
        <>
          <ol className="comments" aria-label="Comments, newest first" data-testid="image-comments">
            {comments.view.comments.map((comment) => (
              <li key={comment.id} id={`comment-${comment.id}`}>
                <p className="meta">
                  <strong>{comment.author}</strong> ·{' '}
                  <Link href={comment.permalink} title="This comment at the view it was written at">
                    <time dateTime={comment.createdAt}>{comment.createdLabel}</time>
                  </Link>
                  {comment.viewLabel ? ` · view ${comment.viewLabel}` : ''}
                  {comment.step !== null ? ` · step ${comment.step}` : ''}
                </p>
                <p className="body">{comment.body}</p>
              </li>
            ))}
          </ol>
          {comments.view.totalCount > comments.view.comments.length ? <p className="muted">Showing the newest {comments.view.comments.length} of {comments.view.totalCount} comments.</p> : null}
        </>
      )}
    </section>
  );
}
