import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'Rankfall',
  description: 'Adversarial-robustness research on no-reference image-quality-assessment models',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <span className="brand">Rankfall</span>
          <span className="tagline">ranking attacks on NR-IQA models</span>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
