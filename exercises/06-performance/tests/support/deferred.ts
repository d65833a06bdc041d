// A promise the test settles by hand: it stands for a load or a job that is still running.
export interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every promise callback that is already queued run (no timers involved). */
export async function flushPromises(rounds = 50): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await Promise.resolve();
}

export type Outcome<T> = { state: 'pending' } | { state: 'fulfilled'; value: T } | { state: 'rejected'; error: unknown };

/** Watches a promise from now on (so its rejection is handled); call the result to read its state. */
export function observe<T>(promise: Promise<T>): () => Outcome<T> {
  let outcome: Outcome<T> = { state: 'pending' };
  promise.then(
    (value) => {
      outcome = { state: 'fulfilled', value };
    },
    (error: unknown) => {
      outcome = { state: 'rejected', error };
    },
  );
  return () => outcome;
}

/** Whether the promise has settled once queued callbacks have run, and how. */
export async function settledState<T>(promise: Promise<T>): Promise<Outcome<T>> {
  const outcome = observe(promise);
  await flushPromises();
  return outcome();
}
