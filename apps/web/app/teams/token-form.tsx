'use client';

import { useActionState, useState } from 'react';
import type { TeamRole } from '../../lib/team-scope';
import { createTokenAction } from './teams.actions';
import { idleTeamActionState } from './team-action-state';

/** Mints an API token; the secret comes back in the action's answer and is shown this once, with a copy button. */
export function TokenForm({ teamId, slug, roles }: { teamId: string; slug: string; roles: TeamRole[] }) {
  const [state, action, pending] = useActionState(createTokenAction, idleTeamActionState);
  return (
    <>
      <form action={action} aria-label="Create an API token" className="grid-fields token-form">
        <input type="hidden" name="teamId" value={teamId} />
        <input type="hidden" name="slug" value={slug} />
        <div className="field">
          <label htmlFor="token-name">Token name</label>
          <input id="token-name" name="name" type="text" required maxLength={100} placeholder="ci-bot" />
        </div>
        <div className="field">
          <label htmlFor="token-role">Token role</label>
          <select id="token-role" name="role" defaultValue={roles.includes('MEMBER') ? 'MEMBER' : roles[0]}>
            {roles.map((role) => (
              <option key={role} value={role}>
                {role.charAt(0) + role.slice(1).toLowerCase()}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="token-days">Expires after (days, optional)</label>
          <input id="token-days" name="expiresInDays" type="number" min={1} max={3650} step={1} inputMode="numeric" />
        </div>
        <div className="field">
          <span aria-hidden="true">&nbsp;</span>
          <button type="submit" className="button primary" disabled={pending}>
            {pending ? 'Creating…' : 'Create token'}
          </button>
        </div>
      </form>
      {state.status === 'error' ? (
        <p role="alert" className="form-error">
          {state.message}
        </p>
      ) : null}
      {state.secret ? <SecretOnce key={state.attempt} name={state.secret.name} secret={state.secret.value} /> : null}
    </>
  );
}

function SecretOnce({ name, secret }: { name: string; secret: string }) {
  const [hidden, setHidden] = useState(false);
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  if (hidden) return <p className="muted" role="status">The secret of “{name}” is hidden and cannot be shown again.</p>;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <section className="secret" aria-labelledby="secret-title" role="region">
      <h3 id="secret-title">New token “{name}”</h3>
      <p className="warning">
        <strong>Copy this secret now: it is shown only this once.</strong> Rankfall stores only its hash; if you lose it, revoke the token and create another. Send it as{' '}
        <code>Authorization: Bearer &lt;secret&gt;</code>.
      </p>
      <div className="secret-row">
        <label htmlFor="token-secret" className="visually-hidden">
          Token secret
        </label>
        <input id="token-secret" className="secret-value" type="text" readOnly value={secret} onFocus={(event) => event.currentTarget.select()} />
        <button type="button" className="button" onClick={copy}>
          Copy
        </button>
        <button type="button" className="button" onClick={() => setHidden(true)}>
          I have copied it — hide
        </button>
      </div>
      <p role="status" className="muted small">
        {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'failed' ? 'The browser refused the clipboard: select the secret and copy it by hand.' : ''}
      </p>
    </section>
  );
}
