import Link from 'next/link';
import type { CommentsView, Loaded } from '../../lib/api';
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
