'use server';

import { redirect } from 'next/navigation';
import { authenticate, clearSession, endSession, readSession, safeNextPath, storeSession } from '../../lib/api';
import type { AuthFormState } from './auth-form-state';

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

async function submit(mode: 'signIn' | 'signUp', form: FormData): Promise<AuthFormState> {
  const email = text(form, 'email').trim();
  const name = text(form, 'name').trim();
  const password = text(form, 'password');
  const values = { email, name };
  if (!email) return { message: 'Enter your email address.', field: 'email', values };
  if (mode === 'signUp' && !name) return { message: 'Enter your name.', field: 'name', values };
  if (!password) return { message: 'Enter your password.', field: 'password', values };
  const outcome = await authenticate(mode, mode === 'signUp' ? { email, name, password } : { email, password });
  if (!outcome.ok) {
    const field = outcome.field === 'email' || outcome.field === 'name' || outcome.field === 'password' ? outcome.field : null;
    return { message: outcome.message, field, values };
  }
  await storeSession(outcome.session);
  redirect(safeNextPath(text(form, 'next')));
}

export async function signInAction(_previous: AuthFormState, form: FormData): Promise<AuthFormState> {
  return submit('signIn', form);
}

export async function signUpAction(_previous: AuthFormState, form: FormData): Promise<AuthFormState> {
  return submit('signUp', form);
}

export async function signOutAction(): Promise<void> {
  await endSession(await readSession());
  await clearSession();
  redirect('/sign-in');
}
