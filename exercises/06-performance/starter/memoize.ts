// Task 2: an async memoiser with single-flight loading, no cached failures and
// stale-while-revalidate. See README.md, section 2.

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

export function memoizeAsync<V>(load: Loader<V>, options: MemoOptions): (key: string) => Promise<V> {
  throw new Error('TODO: task 2 — return a function that loads each key once and serves it from the cache');
}
