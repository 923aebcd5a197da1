'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { parseLiveEvent, throttle, toLiveProgress, type LiveProgressView } from '../../lib/run-live';

const REFRESH_EVERY_MS = 1_500;
const POLL_EVERY_MS = 2_000;
/** Failed (re)connections in a row before the leaf gives the stream up and polls instead. */
const MAX_STREAM_ERRORS = 3;

type Mode = 'connecting' | 'live' | 'polling' | 'finished';

/**
 * Keeps a run page (or the runs list) current while runs are active: Server-Sent Events from the dashboard's
 * events route (the API's runUpdated subscription), each event re-rendering the server page at most every
 * 1.5 s (router.refresh, no reload) and, with `progress`, showing images done / total, stage and ETA at once.
 * When the stream fails it falls back to polling every 2 s. Unmounting closes the stream (and so the upstream
 * subscription).
 */
export function LiveUpdates({ runIds, initial = null, progress = false }: { runIds: readonly string[]; initial?: LiveProgressView | null; progress?: boolean }) {
  const router = useRouter();
  const [mode, setMode] = useState<Mode>('connecting');
  const [view, setView] = useState<LiveProgressView | null>(initial);
  const key = runIds.join(',');

  useEffect(() => {
    const ids = key.split(',').filter(Boolean);
    if (!ids.length) return;
    const refresh = throttle(() => router.refresh(), REFRESH_EVERY_MS, { now: () => Date.now(), setTimeout: (cb, ms) => window.setTimeout(cb, ms), clearTimeout: (handle) => window.clearTimeout(handle as number) });
    const unfinished = new Set(ids);
    let poll: number | null = null;
    let errors = 0;
    const url = ids.length === 1 ? `/runs/${encodeURIComponent(ids[0]!)}/events` : `/runs/events?ids=${encodeURIComponent(key)}`;
    const source = new EventSource(url);
    const startPolling = () => {
      source.close();
      if (poll !== null) return;
      setMode('polling');
      poll = window.setInterval(() => router.refresh(), POLL_EVERY_MS);
    };
    source.onopen = () => {
      errors = 0;
      setMode((m) => (m === 'connecting' ? 'live' : m));
    };
    source.addEventListener('run', (message) => {
      const event = parseLiveEvent((message as MessageEvent<string>).data);
      if (event?.type !== 'run') return;
      errors = 0;
      setMode('live');
      if (progress) setView(toLiveProgress(event.run, Date.now()));
      if (event.run.status === 'QUEUED' || event.run.status === 'RUNNING') return refresh.call();
      unfinished.delete(event.run.id);
      if (unfinished.size === 0) {
        source.close();
        refresh.cancel();
        setMode('finished');
      }
      router.refresh();
    });
    source.addEventListener('end', () => {
      source.close();
      router.refresh();
    });
    source.addEventListener('failed', startPolling);
    source.onerror = () => {
      errors += 1;
      if (source.readyState === EventSource.CLOSED || errors >= MAX_STREAM_ERRORS) startPolling();
    };
    return () => {
      source.close();
      refresh.cancel();
      if (poll !== null) window.clearInterval(poll);
    };
  }, [key, progress, router]);

  const modeText = mode === 'live' ? 'Live' : mode === 'polling' ? 'Live updates unavailable: refreshing every 2 s' : mode === 'finished' ? 'Finished' : 'Connecting…';
  if (!progress) {
    return (
      <p className="muted live" data-live-mode={mode}>
        {mode === 'live' ? `Live: ${ids(runIds)} update as they progress.` : modeText}
      </p>
    );
  }
  return (
    <div className="live-progress" data-testid="live-progress" data-live-mode={mode} role="status" aria-live="polite">
      <span className="live-dot" aria-hidden="true" data-mode={mode} />
      <span className="live-mode">{modeText}</span>
      {view ? (
        <>
          <span data-testid="live-images">
            {view.imagesDone} / {view.imagesTotal} images
          </span>
          <span>{view.progressLabel}</span>
          {view.stage ? <span>{view.stage}</span> : null}
          {view.etaLabel ? <span>{view.etaLabel}</span> : null}
          {view.message && view.message.toLowerCase() !== view.stage?.toLowerCase() ? <span className="muted">{view.message}</span> : null}
        </>
      ) : null}
    </div>
  );
}

function ids(runIds: readonly string[]): string {
  return runIds.length === 1 ? 'the active run' : `the ${runIds.length} active runs`;
}
