import type { Metadata } from 'next';
import { safeNextPath } from '../../lib/api';
import { AuthForm } from '../_auth/auth-form';

export const metadata: Metadata = { title: 'Sign in · Rankfall' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { next } = await searchParams;
  return (
    <section className="auth">
      <h1>Sign in</h1>
      <AuthForm mode="sign-in" next={safeNextPath(Array.isArray(next) ? next[0] : next)} />
    </section>
  );
}
