// Time in exercise tests without real waiting: a clock the tests move by hand, guards on
// real time for the few places where a wrong solution would wait forever, and ways to
// let pending callbacks run. A correct solution never waits for a guard: it only decides
// how long a failing test takes before it says why.

export interface ManualClock {
  now: () => number;
  advance: (ms: number) => void;
}

/** A clock the code under test reads through its `now` option, so time-dependent behaviour is checked exactly. */
export function manualClock(start = 1_700_000_000_000): ManualClock {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
  };
}

/** Rejects with `message` when `promise` has not settled after `ms` real milliseconds. */
export function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  // AbortSignal.timeout runs on a real timer that vitest's fake timers leave alone.
  const signal = AbortSignal.timeout(ms);
  return new Promise<T>((resolve, reject) => {
    const expire = () => reject(new Error(message));
    signal.addEventListener('abort', expire, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', expire);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', expire);
        reject(error);
      },
    );
  });
}

/** Resolves with true once `promise` settles, or with false after `ms` real milliseconds. */
export function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const settled = promise.then(
    () => true,
    () => true,
  );
  return within(settled, ms, 'late').catch(() => false);
}

/** Lets pending promise callbacks and I/O callbacks run, `turns` times over (setImmediate is never faked here). */
export async function settle(turns = 5): Promise<void> {
  for (let turn = 0; turn < turns; turn += 1) await new Promise((resolve) => setImmediate(resolve));
}

/** The state of a promise right now, without waiting for it. */
export function track<T>(promise: Promise<T>): { state: () => 'pending' | 'fulfilled' | 'rejected'; value: () => T | undefined; error: () => unknown } {
  let state: 'pending' | 'fulfilled' | 'rejected' = 'pending';
  let value: T | undefined;
  let error: unknown;
  promise.then(
    (result) => {
      state = 'fulfilled';
      value = result;
    },
    (reason: unknown) => {
      state = 'rejected';
      error = reason;
    },
  );
  return { state: () => state, value: () => value, error: () => error };
}
