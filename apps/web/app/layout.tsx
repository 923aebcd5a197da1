import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense, type ReactNode } from 'react';
import { fetchViewerOrNull } from '../lib/api';
import { TeamNav, TeamSwitcher } from './_components/team-switcher';
import { signOutAction } from './_auth/auth.actions';
import './globals.css';

export const metadata: Metadata = {
  title: 'Rankfall',
  description: 'Adversarial-robustness research on no-reference image-quality-assessment models',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const viewer = await fetchViewerOrNull();
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#content">
          Skip to content
        </a>
        <header className="topbar">
          <Link href="/" className="brand">
            Rankfall
          </Link>
          <span className="tagline">ranking attacks on NR-IQA models</span>
          <nav aria-label="Main" className="topnav">
            {viewer ? (
              <Suspense fallback={<Link href="/runs">Runs</Link>}>
                <TeamNav teams={viewer.teams} />
              </Suspense>
            ) : (
              <Link href="/runs">Runs</Link>
            )}
          </nav>
          <div className="account">
            {viewer ? (
              <>
                <Suspense fallback={null}>
                  <TeamSwitcher teams={viewer.teams} />
                </Suspense>
                <span className="muted" title={viewer.email}>
                  {viewer.name}
                </span>
                <form action={signOutAction}>
                  <button type="submit" className="button link">
                    Sign out
                  </button>
                </form>
              </>
            ) : (
              <Link href="/sign-in">Sign in</Link>
            )}
          </div>
        </header>
        <main id="content">{children}</main>
      </body>
    </html>
  );
}
