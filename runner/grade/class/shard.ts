// A class split over machines (`--shard k/n`, e.g. a GitHub Actions matrix): shard k
// grades every n-th learner of the sorted list, starting at the k-th, so the shards
// cover the class exactly once and each gets a fair mix of the alphabet.
import { UsageError } from '../../commands/types.js';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export const SHARD_USAGE = (value: string) => `--shard must be k/n with 1 ≤ k ≤ n (e.g. 2/4), not "${value}"`;

export function parseShard(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || index < 1 || count < 1 || index > count) throw new UsageError(SHARD_USAGE(value));
  return { index, count };
}

export function pickShard<T>(sorted: readonly T[], shard: Shard | undefined): T[] {
  return shard === undefined ? [...sorted] : sorted.filter((_, position) => position % shard.count === shard.index - 1);
}
