import { describe, expect, it, vi } from 'vitest';
import { seededRandom } from '../../../runner/kit/random.js';
import { LruCache } from '../src/lru-cache.js';
import { cpuStopwatch, manualClock } from '../../../runner/kit/time.js';

const HOUR = 3_600_000;

function keysOf(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `key-${index}`);
}

describe('task 1: LRU cache with a time to live', () => {
  it('returns the stored value for a key and undefined for a key never set', () => {
    const rng = seededRandom();
    const key = rng.word(6);
    const value = { id: rng.int(1, 1_000) };
    const cache = new LruCache<string, { id: number }>({ capacity: 4, ttlMs: HOUR, now: manualClock().now });
    cache.set(key, value);
    expect(cache.get(key), rng.tag(`get('${key}') right after set('${key}', ...) should return the same value`)).toBe(value);
    expect(cache.get(`${key}-other`), rng.tag('get() of a key that was never set should return undefined')).toBeUndefined();
  });

  it('replaces the value when a key is set again, without taking a second slot', () => {
    const cache = new LruCache<string, number>({ capacity: 3, ttlMs: HOUR, now: manualClock().now });
    cache.set('a', 1);
    cache.set('a', 2);
    expect(cache.get('a'), "after set('a', 1) then set('a', 2), get('a') should return the newer value").toBe(2);
    expect(cache.size, 'setting an existing key replaces its entry: the cache should hold 1 entry, not 2').toBe(1);
  });

  it('never holds more entries than its capacity', () => {
    const rng = seededRandom();
    const capacity = rng.int(2, 9);
    const cache = new LruCache<string, number>({ capacity, ttlMs: HOUR, now: manualClock().now });
    const keys = keysOf(capacity + rng.int(1, 20));
    keys.forEach((key, index) => cache.set(key, index));
    expect(cache.size, rng.tag(`after ${keys.length} different keys were set into a cache of capacity ${capacity}, it should hold exactly ${capacity} entries`)).toBe(capacity);
    const newest = keys.at(-1) as string;
    expect(cache.get(newest), rng.tag(`the key set last ('${newest}') must still be there`)).toBe(keys.length - 1);
  });

  it('evicts the least recently used entry, not the first one inserted, when a new key arrives at capacity', () => {
    const rng = seededRandom();
    const capacity = rng.int(3, 8);
    const cache = new LruCache<string, number>({ capacity, ttlMs: HOUR, now: manualClock().now });
    const keys = keysOf(capacity);
    keys.forEach((key, index) => cache.set(key, index));
    // Read every key but one, so that one (never the first inserted) becomes the least recently used.
    const victim = keys[rng.int(1, capacity - 1)] as string;
    const readOrder = keys.filter((key) => key !== victim).sort(() => rng.next() - 0.5);
    for (const key of readOrder) cache.get(key);
    cache.set('newcomer', -1);
    const story = `keys ${keys.join(', ')} were set in that order (capacity ${capacity}), then read in the order ${readOrder.join(', ')}, then 'newcomer' was set`;
    expect(cache.get(victim), rng.tag(`${story}: '${victim}' was the only key not read, so it is the least recently used and must be the one evicted`)).toBeUndefined();
    for (const key of readOrder) {
      expect(cache.get(key), rng.tag(`${story}: '${key}' was read after '${victim}' was last used, so it must still be there; a read counts as a use (eviction by insertion order is FIFO, not LRU)`)).toBe(keys.indexOf(key));
    }
  });

  it('counts setting an existing key as a use', () => {
    const cache = new LruCache<string, number>({ capacity: 3, ttlMs: HOUR, now: manualClock().now });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    cache.set('a', 10);
    cache.set('d', 4);
    expect(cache.get('a'), "a, b, c set, then a set again, then d set (capacity 3): 'a' was just written, so it must survive").toBe(10);
    expect(cache.get('b'), "a, b, c set, then a set again, then d set (capacity 3): 'b' is the least recently used and must be evicted").toBeUndefined();
  });

  it('evicts nothing when an existing key is set again in a full cache', () => {
    const cache = new LruCache<string, number>({ capacity: 3, ttlMs: HOUR, now: manualClock().now });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    cache.set('b', 20);
    expect(cache.size, "a, b, c set (capacity 3), then b set again: an existing key keeps its single slot, so the cache still holds 3 entries").toBe(3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')], "a, b, c set (capacity 3), then b set again: only a new key makes room, so 'a' (the least recently used) must still be there; look for the existing key before you evict").toEqual([1, 20, 3]);
  });

  it('returns true from delete() for a key it holds and false for a key it does not', () => {
    const cache = new LruCache<string, number>({ capacity: 4, ttlMs: HOUR, now: manualClock().now });
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.delete('never-set'), "delete('never-set') removes nothing: it should return false").toBe(false);
    expect(cache.delete('a'), "delete('a') removes an entry the cache held: it should return true").toBe(true);
    expect(cache.delete('a'), "'a' was deleted a moment ago: deleting it again removes nothing and should return false").toBe(false);
    expect([cache.get('a'), cache.get('b'), cache.size], "after delete('a'), 'a' is gone, 'b' stays and the cache holds 1 entry").toEqual([undefined, 2, 1]);
  });

  it('counts an expired entry that no read has removed as held: delete() removes it and returns true', () => {
    const clock = manualClock();
    const cache = new LruCache<string, number>({ capacity: 4, ttlMs: 1_000, now: clock.now });
    cache.set('a', 1);
    clock.advance(1_000);
    expect(cache.delete('a'), "'a' expired but no read removed it, so the cache still holds it (size counts it): delete('a') should remove it and return true").toBe(true);
    expect(cache.size, "after delete('a') the cache holds nothing").toBe(0);
  });

  it('takes a deleted key out of the order of use, so eviction later drops a key the cache holds', () => {
    const cache = new LruCache<string, number>({ capacity: 2, ttlMs: HOUR, now: manualClock().now });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.delete('a');
    cache.set('c', 3);
    cache.set('d', 4);
    const story = "a, b set (capacity 2), a deleted, then c and d set";
    expect(cache.size, `${story}: the cache must hold 2 entries, not more; delete() must unlink the entry from the order of use as well as from the map, or a later eviction drops the deleted one and nothing makes room`).toBe(2);
    expect([cache.get('b'), cache.get('c'), cache.get('d')], `${story}: 'b' was the least recently used entry still held, so 'd' evicts it`).toEqual([undefined, 3, 4]);
  });

  it('agrees with a plain LRU over a long random sequence of get, set and delete', () => {
    const rng = seededRandom();
    const capacity = rng.int(2, 6);
    const cache = new LruCache<string, number>({ capacity, ttlMs: HOUR, now: manualClock().now });
    // The model: keys from least to most recently used. Slow, but obviously right.
    const model: Array<{ key: string; value: number }> = [];
    const history: string[] = [];
    const touch = (key: string) => {
      const index = model.findIndex((entry) => entry.key === key);
      return index === -1 ? undefined : model.splice(index, 1)[0];
    };
    for (let step = 0; step < 2_000; step += 1) {
      const key = `k${rng.int(0, capacity + 3)}`;
      const action = rng.int(0, 9);
      const explain = (why: string) => rng.tag(`${why}\n  capacity ${capacity}; the last operations, oldest first:\n    ${history.slice(-12).join('\n    ')}\n `);
      if (action < 5) {
        const entry = touch(key);
        if (entry) model.push(entry);
        const got = cache.get(key);
        history.push(`get('${key}') -> ${got}`);
        expect(got, explain(`get('${key}') should return ${entry?.value}: a key is evicted only when it is the least recently used one and a new key needs its slot`)).toBe(entry?.value);
      } else if (action < 9) {
        touch(key);
        if (model.length >= capacity) model.shift();
        model.push({ key, value: step });
        cache.set(key, step);
        history.push(`set('${key}', ${step})`);
      } else {
        const existed = touch(key) !== undefined;
        const deleted = cache.delete(key);
        history.push(`delete('${key}') -> ${deleted}`);
        expect(deleted, explain(`delete('${key}') should return ${existed}: true only when the key was there`)).toBe(existed);
      }
      expect(cache.size, explain(`size should be ${model.length} after these operations`)).toBe(model.length);
    }
  });

  it('serves an entry until ttlMs after it was set, and not from that moment on', () => {
    const rng = seededRandom();
    const ttlMs = rng.int(1_000, 60_000);
    const clock = manualClock();
    const cache = new LruCache<string, string>({ capacity: 4, ttlMs, now: clock.now });
    cache.set('session', 'alive');
    clock.advance(ttlMs - 1);
    expect(cache.get('session'), rng.tag(`with ttlMs ${ttlMs}, an entry read ${ttlMs - 1} ms after it was set is still fresh`)).toBe('alive');
    clock.advance(1);
    expect(cache.get('session'), rng.tag(`with ttlMs ${ttlMs}, an entry read ${ttlMs} ms after it was set has expired: get() must check the time and return undefined`)).toBeUndefined();
  });

  it('does not extend the time to live when an entry is read', () => {
    const clock = manualClock();
    const cache = new LruCache<string, string>({ capacity: 4, ttlMs: 10_000, now: clock.now });
    cache.set('price', '9.99');
    clock.advance(9_000);
    cache.get('price');
    clock.advance(1_000);
    expect(cache.get('price'), 'the time to live counts from set(), not from the last read: a value read often must still expire, or it can stay stale for ever').toBeUndefined();
  });

  it('restarts the time to live when a key is set again', () => {
    const clock = manualClock();
    const cache = new LruCache<string, string>({ capacity: 4, ttlMs: 10_000, now: clock.now });
    cache.set('price', '9.99');
    clock.advance(9_000);
    cache.set('price', '8.99');
    clock.advance(9_000);
    expect(cache.get('price'), 'a value set again 9 s ago (ttlMs 10 s) is fresh: set() gives the entry a new expiry time').toBe('8.99');
  });

  it('drops an expired entry when it is read, so it no longer takes a slot', () => {
    const clock = manualClock();
    const cache = new LruCache<string, number>({ capacity: 4, ttlMs: 1_000, now: clock.now });
    cache.set('a', 1);
    cache.set('b', 2);
    clock.advance(1_000);
    cache.get('a');
    expect(cache.size, "'a' expired and was read: it should be removed on that read (size 1), not kept until it is evicted").toBe(1);
  });

  it('refuses a capacity that is not a whole number of 1 or more', () => {
    for (const capacity of [0, -1, 1.5, Number.NaN]) {
      expect(() => new LruCache({ capacity, ttlMs: 1_000 }), `capacity ${capacity} makes no sense: the constructor should throw a RangeError`).toThrow(RangeError);
    }
  });

  it('keeps a falsy value (0, an empty string, false, null) as a value, not a miss', () => {
    const cache = new LruCache<string, unknown>({ capacity: 8, ttlMs: HOUR, now: manualClock().now });
    for (const value of [0, '', false, null]) {
      const key = `falsy-${JSON.stringify(value)}`;
      cache.set(key, value);
      expect(cache.get(key), `get('${key}') after set('${key}', ${JSON.stringify(value)}) should return ${JSON.stringify(value)}: only a missing or expired key is undefined; check for the entry, not for a truthy value`).toBe(value);
    }
  });

  it('reads Date.now when no clock is given', async () => {
    const start = Date.UTC(2041, 0, 1);
    vi.useFakeTimers({ now: start, toFake: ['Date'] });
    try {
      // Loaded again after Date is faked, so a clock taken at load time is the fake one too.
      vi.resetModules();
      const { LruCache: Fresh } = (await import('../src/lru-cache.js')) as typeof import('../src/lru-cache.js');
      const cache = new Fresh<string, string>({ capacity: 2, ttlMs: 1_000 });
      cache.set('session', 'alive');
      vi.setSystemTime(start + 999);
      expect(cache.get('session'), 'with no now option the clock is Date.now: 999 ms after set (ttlMs 1,000) the entry is still served').toBe('alive');
      vi.setSystemTime(start + 1_000);
      expect(cache.get('session'), 'with no now option the clock is Date.now (README, section 1): 1,000 ms after set (ttlMs 1,000) the entry has expired').toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps every operation O(1): 400,000 operations at a capacity of 200,000 finish long before an O(n) cache would', { timeout: 30_000 }, async () => {
    // Why a size and not a stopwatch: an O(1) cache does these operations in about half a
    // second (measured on a 2-core machine: 0.35 to 0.75 s, and under 3 s with the machine
    // 8 times oversubscribed); one that walks its entries (indexOf, splice, shift, a scan for the
    // oldest entry) needs some 100,000 steps per operation at this size and runs for a
    // minute or more. The deadline is 10 s of this thread's own CPU, far from both, and
    // CPU time is what a busy machine does not stretch (wall time, with the load average
    // at 17 on 2 cores, cut an O(1) cache off at 390,000 operations). The work runs in
    // slices so the test can stop an O(n) cache at the deadline instead of waiting for it,
    // and sooner when it is already far behind the yardstick (EARLY_STOP).
    const rng = seededRandom();
    const plan = { capacity: 200_000, operations: 200_000, deadlineMs: 10_000 };
    const yardstick = await runWorkload(seededRandom(rng.seed).next, plan, new MapLru(plan.capacity));
    const result = await runWorkload(rng.next, plan, new LruCache<number, number>({ capacity: plan.capacity, ttlMs: HOUR, now: () => 0 }), yardstick.cpuAt);
    expect(result.done, rng.tag(slowMessage(result, yardstick))).toBe(result.total);
  });
});

/**
 * The yardstick of this machine's speed: the shortcut the README allows (a Map's order of
 * insertion as the order of use), O(1) but slower than a linked list when it evicts.
 */
class MapLru {
  private readonly entries = new Map<number, number>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: number): number | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) this.set(key, value);
    return value;
  }

  set(key: number, value: number): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as number);
  }
}

/**
 * A cache is stopped before the deadline once it has used this much CPU and more than
 * `times` the yardstick's CPU for as many operations. An O(1) cache in any style stays
 * within a few times the yardstick (this exercise's solution takes half its time) and
 * within a second; an O(n) one is hundreds of times behind it by then.
 */
const EARLY_STOP = { afterMs: 1_000, times: 20 };

interface WorkloadResult {
  done: number;
  total: number;
  size: number;
  deadlineMs: number;
  microsPerOperation: number;
  cpuMs: number;
  /** CPU milliseconds used after each slice of operations. */
  cpuAt: number[];
}

interface Cache {
  readonly size: number;
  get: (key: number) => number | undefined;
  set: (key: number, value: number) => void;
}

/** Fills the cache, then mixes reads, updates and new keys (which evict), chosen at random. */
async function runWorkload(random: () => number, plan: { capacity: number; operations: number; deadlineMs: number }, cache: Cache, yardstick?: number[]): Promise<WorkloadResult> {
  const { capacity, operations, deadlineMs } = plan;
  const total = capacity + operations;
  const slice = 2_000;
  let nextKey = 0;
  let done = 0;
  let microsPerOperation = 0;
  const cpuAt: number[] = [];
  const step = () => {
    if (nextKey < capacity) {
      cache.set(nextKey, nextKey);
      nextKey += 1;
      return;
    }
    const roll = random();
    const live = nextKey - capacity + Math.floor(random() * capacity);
    if (roll < 0.1) {
      cache.set(nextKey, nextKey);
      nextKey += 1;
    } else if (roll < 0.55) cache.get(live);
    else cache.set(live, nextKey);
  };
  const cpu = cpuStopwatch();
  const farBehind = (used: number) => yardstick !== undefined && used >= EARLY_STOP.afterMs && used > EARLY_STOP.times * (yardstick[cpuAt.length - 1] ?? Number.POSITIVE_INFINITY);
  while (done < total && cpu() < deadlineMs && !farBehind(cpuAt.at(-1) ?? 0)) {
    const sliceStarted = cpu();
    const end = Math.min(total, done + slice);
    for (; done < end; done += 1) step();
    cpuAt.push(cpu());
    microsPerOperation = (((cpuAt.at(-1) ?? 0) - sliceStarted) * 1_000) / slice;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { done, total, size: cache.size, deadlineMs, microsPerOperation, cpuMs: cpuAt.at(-1) ?? 0, cpuAt };
}

function slowMessage(result: WorkloadResult, yardstick: WorkloadResult): string {
  const seconds = (ms: number) => `${(ms / 1_000).toFixed(1)} s`;
  const yardstickMs = yardstick.cpuAt[Math.max(0, Math.ceil(result.done / 2_000) - 1)] ?? yardstick.cpuMs;
  return [
    `after ${seconds(result.cpuMs)} of CPU only ${result.done.toLocaleString('en')} of ${result.total.toLocaleString('en')} operations had finished`,
    `(a plain Map-based LRU did as many in ${seconds(yardstickMs)} on this machine; the limit is ${result.deadlineMs / 1_000} s, or ${EARLY_STOP.times} times that cache once past ${seconds(EARLY_STOP.afterMs)});`,
    `with ${result.size.toLocaleString('en')} entries each operation took about ${result.microsPerOperation.toFixed(1)} µs.`,
    'An O(1) cache takes about a microsecond per operation whatever its size, so all of them finish well within a second.',
    'Yours does work that grows with the number of entries: look for indexOf, splice, shift, includes, Object.keys or a loop over the entries in get() or set().',
  ].join(' ');
}
