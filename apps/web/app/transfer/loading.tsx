export default function TransferLoading() {
  return (
    <section aria-busy="true" aria-label="Loading the transfer matrix">
      <div className="skeleton skeleton-title" />
      <div className="skeleton skeleton-chart" />
    </section>
  );
}
