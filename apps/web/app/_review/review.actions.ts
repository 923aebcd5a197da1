'use server';

import { refresh } from 'next/cache';
import { addComment, rateVisibility, safeNextPath } from '../../lib/api';
import { parseViewport, pinnedView } from '../../lib/pair-viewport';
import type { CommentFormState } from './comment-form-state';

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

/** Adds a comment to a run (or one of its images); the page re-renders with it listed. */
export async function addCommentAction(previous: CommentFormState, form: FormData): Promise<CommentFormState> {
  const body = text(form, 'body').trim();
  const runId = text(form, 'runId');
  const imageId = text(form, 'imageId') || undefined;
  if (!body) return { message: 'Write a comment first.', body, attempt: previous.attempt + 1 };
  // A comment on an image keeps the view it was written at (zoom / centre from the viewer's URL): Comment.view.
  const posted = new URLSearchParams(text(form, 'view'));
  const view = imageId && form.has('view') ? pinnedView(parseViewport((name) => posted.get(name))) : null;
  const outcome = await addComment({ runId, imageId, body, view }, safeNextPath(text(form, 'from')));
  if (!outcome.ok) return { message: outcome.message, body, attempt: previous.attempt + 1 };
  refresh();
  return { message: null, body: '', attempt: previous.attempt + 1 };
}

/** Rates whether the perturbation of one adversarial image is visible (rating again replaces the rating). */
export async function rateVisibilityAction(form: FormData): Promise<void> {
  const outcome = await rateVisibility(text(form, 'imageResultId'), text(form, 'visible') === 'true', safeNextPath(text(form, 'from')));
  if (!outcome.ok) throw new Error(outcome.message);
  refresh();
}
