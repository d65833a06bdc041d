// The seeds a sweep runs: `300` is seeds 1 to 300, `301..600` a range of its own, so a
// sweep can go on where the last one stopped. Seeds are positive integers, as KATAS_SEED.
export const MAX_SEEDS = 10_000;

/** The seeds `text` names, or undefined when it names none. */
export function parseSeeds(text: string): number[] | undefined {
  const range = /^(\d+)(?:\.\.(\d+))?$/.exec(text.trim());
  if (!range) return undefined;
  const [first, last] = range[2] === undefined ? [1, Number(range[1])] : [Number(range[1]), Number(range[2])];
  if (first < 1 || last < first || last - first + 1 > MAX_SEEDS) return undefined;
  return Array.from({ length: last - first + 1 }, (_, index) => first + index);
}

/** `count` random seeds, none of them `taken` (the run's own seed). */
export function drawSeeds(count: number, taken: readonly number[]): number[] {
  const seeds = new Set<number>();
  while (seeds.size < count) {
    const seed = Math.floor(Math.random() * 2 ** 31) + 1;
    if (!taken.includes(seed)) seeds.add(seed);
  }
  return [...seeds];
}

/** `1..300`, or the seeds themselves when they are few or not consecutive. */
export function describeSeeds(seeds: readonly number[]): string {
  const first = seeds[0];
  const last = seeds.at(-1);
  const consecutive = seeds.every((seed, index) => seed === (first ?? 0) + index);
  return first !== undefined && last !== undefined && consecutive && seeds.length > 2 ? `${first}..${last}` : seeds.join(', ');
}
