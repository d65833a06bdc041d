// Timers that run only when the test says so: a client given these has its timeouts
// fire on `advance`, so a test checks a 200 ms timeout without waiting 200 ms, while
// the worker on the other end is a real process.
export interface ManualClock {
  setTimeout: (callback: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  /** Moves time forward, firing every timer that falls due, in order. */
  advance: (ms: number) => void;
  /** Timers set and neither fired nor cleared. */
  pending: () => number;
}

export function manualClock(): ManualClock {
  let now = 0;
  let nextHandle = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  return {
    setTimeout: (callback, ms) => {
      const handle = nextHandle++;
      timers.set(handle, { at: now + Math.max(0, ms), callback });
      return handle;
    },
    clearTimeout: (handle) => {
      timers.delete(handle as number);
    },
    advance: (ms) => {
      const until = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, timer]) => timer.at <= until).sort(([, a], [, b]) => a.at - b.at)[0];
        if (due === undefined) break;
        const [handle, timer] = due;
        timers.delete(handle);
        now = timer.at;
        timer.callback();
      }
      now = until;
    },
    pending: () => timers.size,
  };
}
