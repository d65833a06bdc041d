// A guard on real time for the few places where a wrong solution would wait forever
// (a readiness check without a timeout). A correct solution never waits for it: it
// only decides how long a failing test takes before it reports why.
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

/** Lets pending promise callbacks and I/O callbacks run once (setImmediate is not faked). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
