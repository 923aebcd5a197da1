import Link from 'next/link';

/** What a page shows when the API answered with an error (or not at all). */
export function ErrorState({ title, message, retryHref }: { title: string; message: string; retryHref: string }) {
  return (
    <section className="error-state" role="alert" aria-labelledby="error-title">
      <h2 id="error-title">{title}</h2>
      <p>{message}</p>
      <p>
        <Link href={retryHref}>Try again</Link>
      </p>
    </section>
  );
}
