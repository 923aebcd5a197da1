export default function ImportLoading() {
  return (
    <section aria-busy="true" aria-label="Loading the import">
      <div className="skeleton skeleton-title" />
      <div className="skeleton skeleton-bar" />
    </section>
  );
}
