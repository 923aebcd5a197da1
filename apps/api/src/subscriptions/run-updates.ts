import type { RunEvent, RunEventsHandler } from '@rankfall/db';

/** Where run-change events come from (the process's RunEventsListener, one LISTEN connection). */
export interface RunEventSource {
  subscribe(handler: RunEventsHandler): () => void;
}

/**
 * The stream behind `runUpdated`: the current state first, then one fresh read after every event for
 * the run (events that arrive during a read are coalesced into the next read), and one after the
 * listener reconnects (events may have been missed). Ends when the run is no longer readable (deleted,
 * or the viewer lost access). `return()` unsubscribes at once, even while waiting.
 */
export function runUpdates<T>(source: RunEventSource, runId: string, load: () => Promise<T | null>): AsyncIterableIterator<T> {
  let pending = true;
  let done = false;
  let wake: (() => void) | null = null;
  const poke = () => {
    pending = true;
    wake?.();
    wake = null;
  };
  const unsubscribe = source.subscribe({ event: (event: RunEvent) => event.runId === runId && poke(), reconnected: poke });
  const finish = () => {
    if (done) return;
    done = true;
    unsubscribe();
    wake?.();
    wake = null;
  };
  const iterator: AsyncIterableIterator<T> = {
    [Symbol.asyncIterator]: () => iterator,
    async next(): Promise<IteratorResult<T>> {
      while (!done) {
        if (pending) {
          pending = false;
          const value = await load();
          if (done) break;
          if (value === null) {
            finish();
            break;
          }
          return { value, done: false };
        }
        await new Promise<void>((resolve) => (wake = resolve));
      }
      return { value: undefined, done: true };
    },
    async return(): Promise<IteratorResult<T>> {
      finish();
      return { value: undefined, done: true };
    },
  };
  return iterator;
}
