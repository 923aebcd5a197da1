export default function RunLoading() {
  return (
    <section aria-busy="true" aria-label="Loading the run">
      <div className="skeleton skeleton-title" />
      <div className="skeleton skeleton-bar" />
      <div className="cards">
        {Array.from({ length: 3 }, (_, i) => (
          <div key={i} className="skeleton skeleton-card" />
        ))}
      </div>
      <div className="skeleton skeleton-chart" />
    </section>
  );
}
