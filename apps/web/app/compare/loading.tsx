export default function CompareLoading() {
  return (
    <section aria-busy="true" aria-label="Loading the comparison">
      <div className="skeleton skeleton-title" />
      <div className="cards">
        {Array.from({ length: 3 }, (_, i) => (
          <div key={i} className="skeleton skeleton-card" />
        ))}
      </div>
      <div className="skeleton skeleton-chart" />
    </section>
  );
}
