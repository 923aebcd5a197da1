export default function NewRunLoading() {
  return (
    <section aria-busy="true" aria-label="Loading the new-run form">
      <div className="skeleton skeleton-title" />
      <div className="skeleton skeleton-bar" />
      <div className="skeleton skeleton-chart" />
    </section>
  );
}
