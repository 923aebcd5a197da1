export default function ImagePairLoading() {
  return (
    <section aria-busy="true" aria-label="Loading the image pair">
      <div className="skeleton skeleton-title" />
      <div className="skeleton skeleton-bar" />
      <div className="viewer-stage">
        {Array.from({ length: 4 }, (_, i) => (
          <div key={i} className="skeleton skeleton-image" />
        ))}
      </div>
      <div className="skeleton skeleton-chart" />
    </section>
  );
}
