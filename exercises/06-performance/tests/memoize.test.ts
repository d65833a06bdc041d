import { afterEach, describe, expect, it, vi } from 'vitest';
import { seededRandom } from '../../../runner/kit/random.js';
import { memoizeAsync } from '../src/memoize.js';
import { manualClock } from '../../../runner/kit/time.js';
import { deferred, flushPromises, settledState, type Deferred } from './support/deferred.js';
import { thrownAt } from '../../../runner/kit/where.js';

// Every call is checked by how it has settled once queued callbacks have run, never by
// awaiting it: a call that wrongly waits for a load nobody finishes then fails with a
// message ("still pending") instead of hanging until the test times out.
const fulfilled = <T>(value: T) => ({ state: 'fulfilled', value });
const rejected = (error: unknown) => ({ state: 'rejected', error });
const pending = { state: 'pending' };

/** A loader the test controls: each call is recorded and settles only when the test says so. */
function controlledLoader<V>() {
  const calls: Array<{ key: string; result: Deferred<V> }> = [];
  const load = (key: string): Promise<V> => {
    const result = deferred<V>();
    calls.push({ key, result });
    return result.promise;
  };
  const last = () => {
    const call = calls.at(-1);
    if (!call) throw new Error('the loader was never called');
    return call.result;
  };
  return { load, calls, last };
}

/** A memoised value that has just been loaded and cached, and the clock to age it. */
async function primed(options: { freshMs: number; staleMs: number }) {
  const clock = manualClock();
  const loader = controlledLoader<string>();
  const get = memoizeAsync(loader.load, { ...options, now: clock.now });
  const first = get('user:1');
  loader.last().resolve('v1');
  expect(await settledState(first), 'the first call should get the value its load returned').toEqual(fulfilled('v1'));
  return { clock, loader, get };
}

describe('task 2: Async memoiser with single flight and stale-while-revalidate', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  afterEach(() => {
    process.off('unhandledRejection', onUnhandled);
    unhandled.length = 0;
  });

  it('calls the loader once and serves the cached value while it is fresh', async () => {
    const { clock, loader, get } = await primed({ freshMs: 10_000, staleMs: 5_000 });
    clock.advance(9_999);
    expect(await settledState(get('user:1')), 'a value loaded 9,999 ms ago (freshMs 10,000) is fresh and should be served from the cache at once').toEqual(fulfilled('v1'));
    expect(loader.calls.length, 'a fresh value must not be loaded again: the loader should have been called once').toBe(1);
  });

  it('shares one load among concurrent callers of the same key', async () => {
    const rng = seededRandom();
    const callers = rng.int(3, 12);
    const loader = controlledLoader<number>();
    const get = memoizeAsync(loader.load, { freshMs: 1_000, staleMs: 0, now: manualClock().now });
    const calls = Array.from({ length: callers }, () => get('report'));
    await flushPromises();
    expect(loader.calls.length, rng.tag(`${callers} callers asked for 'report' while its load was still running: they should share that one load (single flight), not start ${callers} loads and stampede the database`)).toBe(1);
    loader.last().resolve(42);
    expect(await settledState(Promise.all(calls)), rng.tag(`every one of the ${callers} callers should get the value of the shared load`)).toEqual(fulfilled(Array(callers).fill(42)));
  });

  it('loads different keys independently', async () => {
    const loader = controlledLoader<string>();
    const get = memoizeAsync(loader.load, { freshMs: 1_000, staleMs: 0, now: manualClock().now });
    const a = get('a');
    const b = get('b');
    await flushPromises();
    expect(loader.calls.map((call) => call.key), "concurrent calls for 'a' and 'b' need one load each: single flight is per key").toEqual(['a', 'b']);
    loader.calls[1]?.result.resolve('B');
    loader.calls[0]?.result.resolve('A');
    expect(await settledState(Promise.all([a, b])), 'each key should get its own value').toEqual(fulfilled(['A', 'B']));
  });

  it('passes a failed load to every caller waiting on it', async () => {
    const loader = controlledLoader<string>();
    const get = memoizeAsync(loader.load, { freshMs: 1_000, staleMs: 0, now: manualClock().now });
    const first = get('user:1');
    const second = get('user:1');
    const failure = new Error('database unavailable');
    loader.last().reject(failure);
    const [firstOutcome, secondOutcome] = await Promise.all([settledState(first), settledState(second)]);
    expect(firstOutcome, 'the caller that started the load should see its error').toEqual(rejected(failure));
    expect(secondOutcome, 'a caller that joined the running load should see the same error (it shares that load)').toEqual(rejected(failure));
  });

  it('does not cache a failure: the next call loads again', async () => {
    const loader = controlledLoader<string>();
    const get = memoizeAsync(loader.load, { freshMs: 60_000, staleMs: 0, now: manualClock().now });
    const first = get('user:1');
    loader.last().reject(new Error('database unavailable'));
    expect(await settledState(first), 'the failed load should reject the call').toEqual(rejected(expect.any(Error)));
    const second = get('user:1');
    await flushPromises();
    expect(loader.calls.length, 'a failed load must not be remembered: the next call should call the loader again, or one blip of the database is served as an error for the whole freshMs').toBe(2);
    loader.last().resolve('v1');
    expect(await settledState(second), 'the retried load succeeded, so its value should be returned').toEqual(fulfilled('v1'));
  });

  it('counts freshness from when the load finished, not from when it started', async () => {
    const clock = manualClock();
    const loader = controlledLoader<string>();
    const get = memoizeAsync(loader.load, { freshMs: 10_000, staleMs: 0, now: clock.now });
    const first = get('slow');
    clock.advance(8_000);
    loader.last().resolve('v1');
    await settledState(first);
    clock.advance(5_000);
    expect(await settledState(get('slow')), 'the load took 8 s and finished 5 s ago; with freshMs 10,000 the value is still fresh and should be served at once').toEqual(fulfilled('v1'));
    expect(loader.calls.length, 'a value that finished loading 5 s ago (freshMs 10,000) must not be loaded again').toBe(1);
  });

  it('serves the stale value at once from the moment its age reaches freshMs, while it refreshes in the background', async () => {
    const rng = seededRandom();
    const freshMs = rng.int(1_000, 30_000);
    const { clock, loader, get } = await primed({ freshMs, staleMs: 60_000 });
    clock.advance(freshMs);
    expect(await settledState(get('user:1')), rng.tag(`${freshMs} ms after loading (freshMs ${freshMs}), the value is stale (fresh means age < freshMs, RFC 9111 section 4.2): it should be served at once, without waiting for the refresh (stale-while-revalidate, RFC 5861 section 3)`)).toEqual(fulfilled('v1'));
    expect(loader.calls.length, rng.tag('serving a stale value should start one refresh in the background')).toBe(2);
  });

  it('starts only one refresh however many callers see the stale value', async () => {
    const rng = seededRandom();
    const callers = rng.int(3, 10);
    const { clock, loader, get } = await primed({ freshMs: 1_000, staleMs: 60_000 });
    clock.advance(2_000);
    const calls = Promise.all(Array.from({ length: callers }, () => get('user:1')));
    expect(await settledState(calls), rng.tag(`all ${callers} callers should get the stale value at once`)).toEqual(fulfilled(Array(callers).fill('v1')));
    expect(loader.calls.length - 1, rng.tag(`${callers} callers saw the stale value while one refresh was running: they should share it (1 refresh), not start ${callers}`)).toBe(1);
  });

  it('serves the refreshed value once the refresh has finished', async () => {
    const { clock, loader, get } = await primed({ freshMs: 1_000, staleMs: 60_000 });
    clock.advance(2_000);
    await settledState(get('user:1'));
    loader.last().resolve('v2');
    await flushPromises();
    expect(await settledState(get('user:1')), 'the background refresh finished with v2: later callers should get v2 at once').toEqual(fulfilled('v2'));
    expect(loader.calls.length, 'the refreshed value is fresh again and must not be loaded a third time').toBe(2);
  });

  it('keeps serving the stale value when a refresh fails, without an unhandled rejection, and tries again on the next call', async () => {
    process.on('unhandledRejection', onUnhandled);
    const { clock, loader, get } = await primed({ freshMs: 1_000, staleMs: 60_000 });
    clock.advance(2_000);
    expect(await settledState(get('user:1')), 'a stale value should be served at once while it refreshes').toEqual(fulfilled('v1'));
    loader.last().reject(new Error('database unavailable'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled, 'a background refresh that fails must be caught: nobody awaits it, and an unhandled rejection crashes a Node process by default').toEqual([]);
    expect(await settledState(get('user:1')), 'the refresh failed, but the stale value is still within staleMs: keep serving it').toEqual(fulfilled('v1'));
    expect(loader.calls.length, 'the failed refresh must not be cached: the next caller who sees the stale value should start a new refresh').toBe(3);
  });

  it('waits for a new load from the moment its age reaches freshMs + staleMs', async () => {
    const { clock, loader, get } = await primed({ freshMs: 1_000, staleMs: 4_000 });
    clock.advance(5_000);
    const result = get('user:1');
    expect(await settledState(result), 'a value 5,000 ms old (freshMs 1,000 + staleMs 4,000) is too old to serve even while refreshing: the stale window is half-open, [freshMs, freshMs + staleMs), so the caller must wait for the new load').toEqual(pending);
    loader.last().resolve('v2');
    expect(await settledState(result), 'the caller should get the newly loaded value').toEqual(fulfilled('v2'));
  });

  it('waits for a new load from the moment its age reaches freshMs when staleMs is 0', async () => {
    const rng = seededRandom();
    const freshMs = rng.int(1_000, 30_000);
    const { clock, loader, get } = await primed({ freshMs, staleMs: 0 });
    clock.advance(freshMs);
    const result = get('user:1');
    expect(await settledState(result), rng.tag(`with staleMs 0 the stale window [freshMs, freshMs + staleMs) is empty: a value ${freshMs} ms old (freshMs ${freshMs}) is too old, so the caller must wait for a new load; staleMs 0 means "never serve stale", not "stale for ever"`)).toEqual(pending);
    expect(loader.calls.length, rng.tag('the too-old value should have started one new load')).toBe(2);
    loader.last().resolve('v2');
    expect(await settledState(result), rng.tag('the caller should get the newly loaded value')).toEqual(fulfilled('v2'));
  });

  it('serves the stale value until 1 ms before freshMs + staleMs, even when staleMs is shorter than freshMs', async () => {
    const { clock, loader, get } = await primed({ freshMs: 10_000, staleMs: 5_000 });
    clock.advance(14_999);
    expect(
      await settledState(get('user:1')),
      'a value 14,999 ms old with freshMs 10,000 and staleMs 5,000 is still in its stale window, which ends at freshMs + staleMs (15,000), not at staleMs: serve it at once',
    ).toEqual(fulfilled('v1'));
    expect(loader.calls.length, 'serving the stale value should start one refresh in the background').toBe(2);
  });

  it('caches a falsy value (0, an empty string, false, null) like any other', async () => {
    const loader = controlledLoader<unknown>();
    const get = memoizeAsync(loader.load, { freshMs: 60_000, staleMs: 0, now: manualClock().now });
    for (const value of [0, '', false, null]) {
      const key = `falsy-${JSON.stringify(value)}`;
      const first = get(key);
      loader.last().resolve(value);
      expect(await settledState(first), `the load of '${key}' returned ${JSON.stringify(value)}`).toEqual(fulfilled(value));
      const callsBefore = loader.calls.length;
      expect(await settledState(get(key)), `'${key}' was loaded a moment ago: serve ${JSON.stringify(value)} from the cache at once`).toEqual(fulfilled(value));
      expect(loader.calls.length, `a fresh ${JSON.stringify(value)} is a value like any other: check whether an entry exists, not whether its value is truthy, or it is loaded on every call`).toBe(callsBefore);
    }
  });

  it('turns a loader that throws synchronously into a rejected promise, and loads again on the next call', async () => {
    let calls = 0;
    const failure = new Error('thrown before any promise');
    const get = memoizeAsync<string>(
      (() => {
        calls += 1;
        if (calls === 1) throw failure;
        return Promise.resolve('v1');
      }) as (key: string) => Promise<string>,
      { freshMs: 1_000, staleMs: 0, now: manualClock().now },
    );
    let first: Promise<string> | undefined;
    try {
      first = get('user:1');
    } catch (error) {
      expect.fail(`get() threw ${String(error)}${thrownAt(error)} out of itself: a loader that throws synchronously counts as one that rejects (README, section 2), so get() should return a rejected promise`);
    }
    expect(await settledState(first as Promise<string>), 'the call should reject with the error the loader threw').toEqual(rejected(failure));
    expect(await settledState(get('user:1')), 'the failure must not be kept: the next call loads again and gets v1').toEqual(fulfilled('v1'));
  });

  it('reads Date.now when no clock is given', async () => {
    const start = Date.UTC(2041, 0, 1);
    vi.useFakeTimers({ now: start, toFake: ['Date'] });
    try {
      // Loaded again after Date is faked, so a clock taken at load time is the fake one too.
      vi.resetModules();
      const fresh = (await import('../src/memoize.js')) as typeof import('../src/memoize.js');
      const loader = controlledLoader<string>();
      const get = fresh.memoizeAsync(loader.load, { freshMs: 1_000, staleMs: 60_000 });
      const first = get('user:1');
      loader.last().resolve('v1');
      expect(await settledState(first), 'the first call should get the loaded value').toEqual(fulfilled('v1'));
      vi.setSystemTime(start + 1_000);
      expect(await settledState(get('user:1')), 'with no now option the clock is Date.now: 1,000 ms later the value is stale and still served at once').toEqual(fulfilled('v1'));
      expect(loader.calls.length, 'with no now option the clock is Date.now (README, section 2): at age freshMs (1,000 ms by Date.now) the value is stale, so a refresh should have started').toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps the values of two memoised functions apart', async () => {
    const clock = manualClock();
    const prices = controlledLoader<string>();
    const stock = controlledLoader<string>();
    const getPrice = memoizeAsync(prices.load, { freshMs: 60_000, staleMs: 0, now: clock.now });
    const getStock = memoizeAsync(stock.load, { freshMs: 60_000, staleMs: 0, now: clock.now });
    const price = getPrice('sku-1');
    prices.last().resolve('9.99');
    expect(await settledState(price), 'the price loader returned 9.99').toEqual(fulfilled('9.99'));
    const level = getStock('sku-1');
    await flushPromises();
    expect(stock.calls.length, "a second memoised function has its own cache: its first call for 'sku-1' must call its own loader, not get the other function's value (keep the maps inside memoizeAsync, not at module level)").toBe(1);
    stock.last().resolve('12 in stock');
    expect(await settledState(level), 'the stock loader returned 12 in stock').toEqual(fulfilled('12 in stock'));
  });
});
