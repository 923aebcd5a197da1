/** What the comment form shows after an attempt: a message when refused, and the text to keep. */
export interface CommentFormState {
  message: string | null;
  body: string;
  attempt: number;
}

export const emptyCommentFormState: CommentFormState = { message: null, body: '', attempt: 0 };
