export default function SweepLoading() {
  return (
    <section aria-busy="true" aria-label="Loading the sweep">
      <div className="skeleton skeleton-title" />
      <div className="skeleton skeleton-bar" />
      <div className="cards">
        {Array.from({ length: 2 }, (_, i) => (
          <div key={i} className="skeleton skeleton-chart" />
        ))}
      </div>
    </section>
  );
}
