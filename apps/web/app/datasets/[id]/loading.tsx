export default function DatasetLoading() {
  return (
    <section aria-busy="true" aria-label="Loading the dataset">
      <div className="skeleton skeleton-title" />
      <div className="skeleton skeleton-bar" />
      <div className="skeleton skeleton-chart" />
      <div className="thumb-grid">
        {Array.from({ length: 12 }, (_, i) => (
          <div key={i} className="skeleton skeleton-image" />
        ))}
      </div>
    </section>
  );
}
