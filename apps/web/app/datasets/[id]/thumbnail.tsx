'use client';

import { useState } from 'react';

/** One dataset image through the artifact proxy; a labelled placeholder when the API does not serve it. */
export function Thumbnail({ src, alt }: { src: string; alt: string }) {
  const [failed, setFailed] = useState(false);
  if (failed) {
    return (
      <span className="no-thumb" role="img" aria-label={`${alt} (not available)`}>
        no preview
      </span>
    );
  }
  // A plain <img>: a private, session-authorised artifact: next/image would fetch it without the cookie.
  return <img src={src} alt={alt} loading="lazy" width={96} height={96} onError={() => setFailed(true)} />;
}
