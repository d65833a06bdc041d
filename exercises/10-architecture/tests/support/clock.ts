// A clock the tests move by hand: the code under test reads it through its `now`
// option, so time-dependent behaviour is checked exactly and nobody waits for real.
export interface ManualClock {
  now: () => number;
  advance: (ms: number) => void;
}

export function manualClock(start = 1_000_000): ManualClock {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
  };
}
