import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { fetchViewerOrNull } from '../lib/api';
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
            <Link href="/runs">Runs</Link>
          </nav>
          <div className="account">
            {viewer ? (
              <>
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
