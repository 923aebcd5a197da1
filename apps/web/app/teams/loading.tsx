export default function TeamsLoading() {
  return (
    <section aria-busy="true" aria-label="Loading the teams">
      <div className="skeleton skeleton-title" />
      <div className="skeleton skeleton-table">
        {Array.from({ length: 4 }, (_, i) => (
          <div key={i} className="skeleton-row" />
        ))}
      </div>
    </section>
  );
}
