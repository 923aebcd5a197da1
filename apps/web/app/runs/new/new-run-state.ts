/** What the new-run form shows after a refused submission: the message, the field it is about, the values to keep. */
export interface NewRunFormState {
  message: string | null;
  /** The API's `extensions.field` (`config.steps`, `modelId`), or null for a message about the whole form. */
  field: string | null;
  values: Record<string, string>;
  /** Bumped on each refused attempt, so the form remounts with the kept values. */
  attempt: number;
}

export const emptyNewRunFormState: NewRunFormState = { message: null, field: null, values: {}, attempt: 0 };
