'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { signInAction, signUpAction } from './auth.actions';
import { emptyAuthFormState, type AuthFormState } from './auth-form-state';

/** The sign-in / sign-up form: a server action, its error shown inline on the field it is about. */
export function AuthForm({ mode, next }: { mode: 'sign-in' | 'sign-up'; next: string }) {
  const [state, action, pending] = useActionState<AuthFormState, FormData>(mode === 'sign-in' ? signInAction : signUpAction, emptyAuthFormState);
  const fieldError = (field: AuthFormState['field']) => (state.field === field && state.message ? state.message : null);
  const generalError = state.message && !state.field ? state.message : null;
  const field = (name: 'email' | 'name' | 'password', label: string, props: { type: string; autoComplete: string; defaultValue?: string; hint?: string }) => {
    const error = fieldError(name);
    const describedBy = [props.hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(' ') || undefined;
    return (
      <div className="field">
        <label htmlFor={name}>{label}</label>
        <input id={name} name={name} type={props.type} autoComplete={props.autoComplete} defaultValue={props.defaultValue} required aria-invalid={error ? true : undefined} aria-describedby={describedBy} />
        {props.hint ? (
          <p id={`${name}-hint`} className="hint">
            {props.hint}
          </p>
        ) : null}
        {error ? (
          <p id={`${name}-error`} className="field-error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
    );
  };
  return (
    <form action={action} className="auth-form" noValidate>
      <input type="hidden" name="next" value={next} />
      {field('email', 'Email', { type: 'email', autoComplete: 'email', defaultValue: state.values.email })}
      {mode === 'sign-up' ? field('name', 'Name', { type: 'text', autoComplete: 'name', defaultValue: state.values.name }) : null}
      {field('password', 'Password', {
        type: 'password',
        autoComplete: mode === 'sign-in' ? 'current-password' : 'new-password',
        ...(mode === 'sign-up' ? { hint: 'At least 10 characters.' } : {}),
      })}
      {generalError ? (
        <p className="form-error" role="alert">
          {generalError}
        </p>
      ) : null}
      <button type="submit" className="button primary" disabled={pending}>
        {pending ? (mode === 'sign-in' ? 'Signing in…' : 'Creating account…') : mode === 'sign-in' ? 'Sign in' : 'Create account'}
      </button>
      <p className="muted">
        {mode === 'sign-in' ? (
          <>
            No account yet? <Link href={next === '/runs' ? '/sign-up' : `/sign-up?next=${encodeURIComponent(next)}`}>Create one</Link>
          </>
        ) : (
          <>
            Have an account? <Link href={next === '/runs' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`}>Sign in</Link>
          </>
        )}
      </p>
    </form>
  );
}
