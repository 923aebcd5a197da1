export default function NewSweepLoading() {
  return (
    <section aria-busy="true" aria-label="Loading the sweep form">
      <div className="skeleton skeleton-title" />
      <div className="skeleton skeleton-bar" />
      <div className="skeleton skeleton-chart" />
    </section>
  );
}
