export default function ImportsLoading() {
  return (
    <section aria-busy="true" aria-label="Loading the import page">
      <div className="skeleton skeleton-title" />
      <div className="skeleton skeleton-chart" />
    </section>
  );
}
