'use client';

import { useActionState } from 'react';
import { requestTransferAction, type TransferFormState } from './transfer.actions';

const initial: TransferFormState = { message: null, done: null };

/** "Re-score on the team's other models": one transfer job per model (MEMBER+; the API says so otherwise). */
export function TransferForm({ teamId, runId, again }: { teamId: string; runId: string; again: boolean }) {
  const [state, action, pending] = useActionState(requestTransferAction, initial);
  return (
    <form action={action} className="action-form" aria-label="Transfer this run to the team's other models">
      <input type="hidden" name="teamId" value={teamId} />
      <input type="hidden" name="runId" value={runId} />
      <button type="submit" className="button" disabled={pending}>
        {pending ? 'Queueing…' : again ? 'Re-score on models added since' : 'Re-score the adversarial images on the team’s other models'}
      </button>
      {state.message ? (
        <p className="field-error" role="alert">
          {state.message}
        </p>
      ) : null}
      {state.done ? (
        <p className="done" role="status">
          {state.done}
        </p>
      ) : null}
    </form>
  );
}
