'use client';

import { useActionState } from 'react';
import { addCommentAction } from './review.actions';
import { emptyCommentFormState, type CommentFormState } from './comment-form-state';

export function CommentForm({ runId, imageId, from }: { runId: string; imageId?: string | undefined; from: string }) {
  const [state, action, pending] = useActionState<CommentFormState, FormData>(addCommentAction, emptyCommentFormState);
  const id = imageId ? 'comment-image' : 'comment-run';
  return (
    <form action={action} className="comment-form" noValidate aria-label="New comment">
      <input type="hidden" name="runId" value={runId} />
      {imageId ? <input type="hidden" name="imageId" value={imageId} /> : null}
      <input type="hidden" name="from" value={from} />
      <label htmlFor={id}>Add a comment</label>
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
