export default function ImagePairLoading() {
  return (
    <section aria-busy="true" aria-label="Loading the image pair">
      <div className="skeleton skeleton-title" />
      <div className="pair-images">
        {Array.from({ length: 3 }, (_, i) => (
          <div key={i} className="skeleton skeleton-image" />
        ))}
      </div>
      <div className="skeleton skeleton-chart" />
    </section>
  );
}
