// A least-recently-used cache with a capacity and a time to live, O(1) per operation.
// A Map finds an entry by key in O(1); a doubly linked list through the entries keeps
// them in order of use, so moving an entry to the front or dropping the last one is
// O(1) too: no operation ever walks the entries.

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

interface Node<K, V> {
  key: K;
  value: V;
  expiresAt: number;
  newer: Node<K, V> | undefined;
  older: Node<K, V> | undefined;
}

export class LruCache<K, V> {
  readonly #capacity: number;
  readonly #ttlMs: number;
  readonly #now: Clock;
  readonly #nodes = new Map<K, Node<K, V>>();
  #newest: Node<K, V> | undefined;
  #oldest: Node<K, V> | undefined;

  constructor(options: LruOptions) {
    if (!Number.isInteger(options.capacity) || options.capacity < 1) {
      throw new RangeError(`capacity must be an integer of 1 or more, got ${options.capacity}`);
    }
    if (!(options.ttlMs > 0)) throw new RangeError(`ttlMs must be more than 0, got ${options.ttlMs}`);
    this.#capacity = options.capacity;
    this.#ttlMs = options.ttlMs;
    this.#now = options.now ?? Date.now;
  }

  /** The value, or undefined when the key is missing or expired; a hit becomes the most recently used. */
  get(key: K): V | undefined {
    const node = this.#nodes.get(key);
    if (node === undefined) return undefined;
    if (this.#now() >= node.expiresAt) {
      // Dropped as soon as it is seen: an expired value must never be served again.
      this.#remove(node);
      return undefined;
    }
    this.#unlink(node);
    this.#pushNewest(node);
    return node.value;
  }

  /** Stores the value as the most recently used entry, evicting the least recently used one when full. */
  set(key: K, value: V): void {
    const expiresAt = this.#now() + this.#ttlMs;
    const existing = this.#nodes.get(key);
    if (existing !== undefined) {
      existing.value = value;
      existing.expiresAt = expiresAt;
      this.#unlink(existing);
      this.#pushNewest(existing);
      return;
    }
    if (this.#nodes.size >= this.#capacity && this.#oldest !== undefined) this.#remove(this.#oldest);
    const node: Node<K, V> = { key, value, expiresAt, newer: undefined, older: undefined };
    this.#nodes.set(key, node);
    this.#pushNewest(node);
  }

  /** Removes the key; true when it was there. */
  delete(key: K): boolean {
    const node = this.#nodes.get(key);
    if (node === undefined) return false;
    this.#remove(node);
    return true;
  }

  /** Entries held, including expired ones that no read has removed yet. */
  get size(): number {
    return this.#nodes.size;
  }

  #remove(node: Node<K, V>): void {
    this.#unlink(node);
    this.#nodes.delete(node.key);
  }

  #unlink(node: Node<K, V>): void {
    if (node.newer) node.newer.older = node.older;
    else this.#newest = node.older;
    if (node.older) node.older.newer = node.newer;
    else this.#oldest = node.newer;
    node.newer = undefined;
    node.older = undefined;
  }

  #pushNewest(node: Node<K, V>): void {
    node.older = this.#newest;
    if (this.#newest) this.#newest.newer = node;
    else this.#oldest = node;
    this.#newest = node;
  }
}
