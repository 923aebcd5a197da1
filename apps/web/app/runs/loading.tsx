export default function RunsLoading() {
  return (
    <section aria-busy="true" aria-label="Loading the runs">
      <h1>Runs</h1>
      <div className="skeleton skeleton-bar" />
      <div className="skeleton skeleton-table">
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="skeleton-row" />
        ))}
      </div>
    </section>
  );
}
