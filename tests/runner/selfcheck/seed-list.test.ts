import { describe, expect, it } from 'vitest';
import { describeSeeds, drawSeeds, MAX_SEEDS, parseSeeds } from '../../../runner/selfcheck/seed-list.js';

describe('parseSeeds', () => {
  it('reads a count as seeds 1 to that count, and a range as its seeds', () => {
    expect(parseSeeds('3')).toEqual([1, 2, 3]);
    expect(parseSeeds('299..301')).toEqual([299, 300, 301]);
    expect(parseSeeds(' 7..7 ')).toEqual([7]);
  });

  it.each(['0', '', 'many', '-3', '5..4', '0..2', '1.5', `1..${MAX_SEEDS + 1}`])('names no seeds for "%s"', (text) => {
    expect(parseSeeds(text)).toBeUndefined();
  });
});

describe('drawSeeds', () => {
  it('draws distinct positive seeds, none of them taken', () => {
    const seeds = drawSeeds(50, [1, 2, 3]);
    expect(new Set(seeds).size).toBe(50);
    expect(seeds.every((seed) => Number.isInteger(seed) && seed > 3)).toBe(true);
  });
});

describe('describeSeeds', () => {
  it('shows a run of consecutive seeds as a range, and few or scattered seeds one by one', () => {
    expect(describeSeeds([1, 2, 3, 4])).toBe('1..4');
    expect(describeSeeds([5, 6])).toBe('5, 6');
    expect(describeSeeds([3, 9, 4])).toBe('3, 9, 4');
  });
});
