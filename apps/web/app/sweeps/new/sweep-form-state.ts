/** What the sweep form shows after a refused submission: the message, the field it is about, the values to keep. */
export interface SweepFormState {
  message: string | null;
  field: string | null;
  values: Record<string, string>;
  /** Bumped on each refused attempt, so the form remounts with the kept values. */
  attempt: number;
}

export const emptySweepFormState: SweepFormState = { message: null, field: null, values: {}, attempt: 0 };
