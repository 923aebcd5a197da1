'use client';

import { useActionState, type ReactNode } from 'react';
import { idleTeamActionState, type TeamActionState } from './team-action-state';

type Action = (previous: TeamActionState, form: FormData) => Promise<TeamActionState>;

/** A small form around one team server action: its fields, a submit button, and the action's answer (alert or status). */
export function ActionForm({ action, label, submit, pending: pendingLabel, children, className, danger = false }: { action: Action; label: string; submit: string; pending: string; children?: ReactNode; className?: string; danger?: boolean }) {
  const [state, formAction, pending] = useActionState(action, idleTeamActionState);
  return (
    <form action={formAction} aria-label={label} className={className ?? 'action-form'}>
      {children}
      <button type="submit" className={danger ? 'button danger' : 'button'} disabled={pending}>
        {pending ? pendingLabel : submit}
      </button>
      {state.message ? (
        <p role={state.status === 'error' ? 'alert' : 'status'} className={state.status === 'error' ? 'field-error' : 'done'}>
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
