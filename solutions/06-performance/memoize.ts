// An async memoiser: one load per key at a time (no stampede), failures never cached,
// and stale-while-revalidate: for a while after a value stops being fresh it is still
// served at once while a single refresh runs in the background (RFC 5861, section 3).

/** Returns the current time in milliseconds; injected so tests control time. */
export type Clock = () => number;

export type Loader<V> = (key: string) => Promise<V>;

export interface MemoOptions {
  /** How long a value is served without any load, counted from when its load finished. */
  freshMs: number;
  /** How long after that it may still be served while one refresh runs in the background. */
  staleMs: number;
  /** Defaults to Date.now. */
  now?: Clock;
}

interface Loaded<V> {
  value: V;
  loadedAt: number;
}

export function memoizeAsync<V>(load: Loader<V>, options: MemoOptions): (key: string) => Promise<V> {
  const now = options.now ?? Date.now;
  const loaded = new Map<string, Loaded<V>>();
  // The promise of the load running for each key: every caller shares it.
  const inFlight = new Map<string, Promise<V>>();

  const startLoad = (key: string): Promise<V> => {
    const running = inFlight.get(key);
    if (running !== undefined) return running;
    // async () => load(key) turns a loader that throws synchronously into a rejection.
    const promise = (async () => load(key))()
      .then((value) => {
        loaded.set(key, { value, loadedAt: now() });
        return value;
      })
      // Success or failure, the next caller starts afresh: a rejection is never kept.
      .finally(() => inFlight.delete(key));
    inFlight.set(key, promise);
    return promise;
  };

  return (key: string): Promise<V> => {
    const entry = loaded.get(key);
    if (entry !== undefined) {
      const age = now() - entry.loadedAt;
      if (age < options.freshMs) return Promise.resolve(entry.value);
      if (age < options.freshMs + options.staleMs) {
        // A failed refresh leaves the stale value in place; the next caller tries again.
        startLoad(key).catch(() => undefined);
        return Promise.resolve(entry.value);
      }
    }
    return startLoad(key);
  };
}
