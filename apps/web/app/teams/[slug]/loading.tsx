export default function TeamSettingsLoading() {
  return (
    <section aria-busy="true" aria-label="Loading the team settings">
      <div className="skeleton skeleton-title" />
      <div className="skeleton skeleton-table">
        {Array.from({ length: 5 }, (_, i) => (
          <div key={i} className="skeleton-row" />
        ))}
      </div>
      <div className="skeleton skeleton-bar" />
    </section>
  );
}
