export default function DatasetsLoading() {
  return (
    <section aria-busy="true" aria-label="Loading the datasets">
      <h1>Datasets</h1>
      <div className="skeleton skeleton-table">
        {Array.from({ length: 5 }, (_, i) => (
          <div key={i} className="skeleton-row" />
        ))}
      </div>
    </section>
  );
}
