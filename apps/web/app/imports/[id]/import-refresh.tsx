'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/** Re-renders the import's page every `everyMs` while it is mounted (only while the import is queued or running). */
export function ImportRefresh({ everyMs = 1_500 }: { everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), everyMs);
    return () => clearInterval(timer);
  }, [router, everyMs]);
  return <p className="muted live">Updating every {(everyMs / 1000).toFixed(1)} s until the worker is done.</p>;
}
