// How a task's points are shared among its tests: equally, in hundredths, the remainder
// going one hundredth each to the first tests, so the shares always add up to the task's
// points exactly (1 point over 3 tests: 0.34, 0.33, 0.33). A learner earns the share of
// every test that passes: partial work earns partial credit.
import type { Points } from './types.js';

export function splitPoints(hundredths: number, count: number): number[] {
  if (count <= 0) return [];
  const base = Math.floor(hundredths / count);
  const remainder = hundredths - base * count;
  return Array.from({ length: count }, (_, index) => base + (index < remainder ? 1 : 0));
}

export function addPoints(items: readonly { points: Points }[]): Points {
  return items.reduce((sum, item) => ({ earned: sum.earned + item.points.earned, possible: sum.possible + item.points.possible }), { earned: 0, possible: 0 });
}

/** Manifest points (whole numbers) in hundredths. */
export function inHundredths(points: number): number {
  return Math.round(points * 100);
}
