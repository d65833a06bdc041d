import { describe, expect, it } from 'vitest';
import { addPoints, inHundredths, splitPoints } from '../../../runner/grade/points.js';

describe('splitPoints', () => {
  it('shares a task\'s points equally among its tests, in hundredths that add up exactly', () => {
    expect(splitPoints(100, 3)).toEqual([34, 33, 33]);
    expect(splitPoints(200, 4)).toEqual([50, 50, 50, 50]);
    expect(splitPoints(100, 7).reduce((sum, share) => sum + share, 0)).toBe(100);
    expect(splitPoints(300, 1)).toEqual([300]);
  });

  it('gives nothing to share when a task has no test', () => {
    expect(splitPoints(100, 0)).toEqual([]);
  });

  it('gives every test a share even when there are more tests than hundredths', () => {
    expect(splitPoints(2, 3)).toEqual([1, 1, 0]);
  });
});

describe('addPoints and inHundredths', () => {
  it('adds earned and possible points', () => {
    expect(addPoints([{ points: { earned: 34, possible: 100 } }, { points: { earned: 0, possible: 200 } }])).toEqual({ earned: 34, possible: 300 });
    expect(addPoints([])).toEqual({ earned: 0, possible: 0 });
    expect(inHundredths(3)).toBe(300);
  });
});
