// Task 1: a least-recently-used cache with a capacity and a time to live, where get(),
// set() and delete() are O(1): they never walk the entries. See README.md, section 1.

/** Returns the current time in milliseconds; injected so tests control time. */
export type Clock = () => number;

export interface LruOptions {
  /** How many entries the cache holds at most (an integer of 1 or more). */
  capacity: number;
  /** How long an entry lives after it was set, in milliseconds (more than 0). */
  ttlMs: number;
  /** Defaults to Date.now. */
  now?: Clock;
}

export class LruCache<K, V> {
  constructor(options: LruOptions) {
    throw new Error('TODO: task 1 — check the options and set up the storage of the LRU cache');
  }

  /** The value, or undefined when the key is missing or expired; a hit becomes the most recently used. */
  get(key: K): V | undefined {
    throw new Error('TODO: task 1 — LruCache.get()');
  }

  /** Stores the value as the most recently used entry, evicting the least recently used one when full. */
  set(key: K, value: V): void {
    throw new Error('TODO: task 1 — LruCache.set()');
  }

  /** Removes the key; true when it was there. */
  delete(key: K): boolean {
    throw new Error('TODO: task 1 — LruCache.delete()');
  }

  /** Entries held, including expired ones that no read has removed yet. */
  get size(): number {
    throw new Error('TODO: task 1 — LruCache.size');
  }
}
