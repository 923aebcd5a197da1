export default function ModelLoading() {
  return (
    <section aria-busy="true" aria-label="Loading the model">
      <div className="skeleton skeleton-title" />
      <div className="skeleton skeleton-bar" />
      <div className="skeleton skeleton-table">
        {Array.from({ length: 3 }, (_, i) => (
          <div key={i} className="skeleton-row" />
        ))}
      </div>
    </section>
  );
}
