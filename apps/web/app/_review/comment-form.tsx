'use client';

import { useSearchParams } from 'next/navigation';
import { useActionState } from 'react';
import { parseViewport, viewportEntries } from '../../lib/pair-viewport';
import { addCommentAction } from './review.actions';
import { emptyCommentFormState, type CommentFormState } from './comment-form-state';

/** With `pinView`, the pair viewer's zoom and centre (from the URL) are posted with the comment. */
export function CommentForm({ runId, imageId, from, pinView = false }: { runId: string; imageId?: string | undefined; from: string; pinView?: boolean }) {
  const [state, action, pending] = useActionState<CommentFormState, FormData>(addCommentAction, emptyCommentFormState);
  const search = useSearchParams();
  const view = pinView ? new URLSearchParams(viewportEntries(parseViewport((name) => search.get(name)))).toString() : '';
  const id = imageId ? 'comment-image' : 'comment-run';
  return (
    <form action={action} className="comment-form" noValidate aria-label="New comment">
      <input type="hidden" name="runId" value={runId} />
      {imageId ? <input type="hidden" name="imageId" value={imageId} /> : null}
      <input type="hidden" name="from" value={from} />
      {pinView ? <input type="hidden" name="view" value={view} /> : null}
      <label htmlFor={id}>{pinView ? 'Add a comment (pinned to the current view)' : 'Add a comment'}</label>
      <textarea key={state.attempt} id={id} name="body" maxLength={10000} defaultValue={state.body} required aria-invalid={state.message ? true : undefined} aria-describedby={state.message ? `${id}-error` : undefined} />
      {state.message ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {state.message}
        </p>
      ) : null}
      <button type="submit" className="button" disabled={pending}>
        {pending ? 'Posting…' : 'Post comment'}
      </button>
    </form>
  );
}
