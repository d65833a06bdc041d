// Seeded randomness for exercise tests: a fixed input can be hard-coded by a learner,
// a random one cannot, and a failure must still be reproducible. Every message built
// from a generator carries its seed; KATAS_SEED=<seed> replays that exact run.
export interface Random {
  seed: number;
  /** A float in [0, 1). */
  next: () => number;
  /** An integer in [min, max]. */
  int: (min: number, max: number) => number;
  pick: <T>(items: readonly T[]) => T;
  /** A lower-case word of the given length. */
  word: (length: number) => string;
  /** Appends the seed and how to replay it to a failure message. */
  tag: (message: string) => string;
}

export function seededRandom(seed = seedFromEnvironment()): Random {
  let state = seed >>> 0;
  // mulberry32: tiny, fast and good enough for test inputs (not for secrets).
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T;
  const word = (length: number) => Array.from({ length }, () => String.fromCharCode(97 + int(0, 25))).join('');
  const tag = (message: string) => `${message} (seed ${seed}: KATAS_SEED=${seed} replays this run)`;
  return { seed, next, int, pick, word, tag };
}

function seedFromEnvironment(): number {
  const fromEnv = Number(process.env.KATAS_SEED);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : Math.floor(Math.random() * 2 ** 31) + 1;
}
