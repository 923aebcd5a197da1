'use client';

/** Last-resort error boundary: the pages show API errors themselves; this catches what they did not expect. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section className="error-state" role="alert">
      <h1>Something went wrong</h1>
      <p>{error.digest ? `The dashboard failed to render this page (reference ${error.digest}).` : error.message}</p>
      <button type="button" className="button" onClick={reset}>
        Try again
      </button>
    </section>
  );
}
