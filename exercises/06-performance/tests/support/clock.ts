// A clock the tests move by hand: the code under test reads it through its `now` option,
// so time-dependent behaviour is checked exactly, with no real waiting.
export interface ManualClock {
  now: () => number;
  advance: (ms: number) => void;
}

export function manualClock(start = 1_700_000_000_000): ManualClock {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
  };
}
