import type { Metadata } from 'next';
import { safeNextPath } from '../../lib/api';
import { AuthForm } from '../_auth/auth-form';

export const metadata: Metadata = { title: 'Create an account · Rankfall' };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { next } = await searchParams;
  return (
    <section className="auth">
      <h1>Create an account</h1>
      <AuthForm mode="sign-up" next={safeNextPath(Array.isArray(next) ? next[0] : next)} />
    </section>
  );
}
