export default function ModelsLoading() {
  return (
    <section aria-busy="true" aria-label="Loading the models">
      <h1>Models</h1>
      <div className="skeleton skeleton-table">
        {Array.from({ length: 5 }, (_, i) => (
          <div key={i} className="skeleton-row" />
        ))}
      </div>
    </section>
  );
}
