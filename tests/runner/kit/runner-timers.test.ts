// The clean check of a shared test thread (runner/kit/clean-thread.ts) does not count
// vitest's own timers as left behind by a file; every other timer it counts.
// (A kept PGlite's timers: the self-check's database exercises.)
import { afterEach, describe, expect, it, vi } from 'vitest';
import { leftBehind, threadNow, watchRunnerTimers } from '../../../runner/kit/clean-thread.js';

const cleared: NodeJS.Timeout[] = [];
afterEach(() => cleared.splice(0).forEach((timer) => clearTimeout(timer)));

describe("the clean check's count of vitest's timers", () => {
  it("counts a timer vitest's code sets while it is pending, and no longer once it has fired", async () => {
    const pending = watchRunnerTimers();
    const pendingOfVitest = () => pending('vitest');
    expect(pendingOfVitest()).toBe(0);
    let ready = false;
    // vi.waitFor polls with timers set by vitest's own code.
    const waiting = vi.waitFor(() => expect(ready).toBe(true), { interval: 20, timeout: 5_000 });
    expect(pendingOfVitest()).toBeGreaterThan(0);
    ready = true;
    await waiting;
    expect(pendingOfVitest()).toBe(0);
  });

  it('never counts a timer the code under test or its test sets', () => {
    const pending = watchRunnerTimers();
    const pendingOfVitest = () => pending('vitest');
    cleared.push(setTimeout(() => undefined, 60_000), setInterval(() => undefined, 60_000));
    expect(pendingOfVitest()).toBe(0);
  });

  it("finds a timer left behind even while one of vitest's is pending and excused", () => {
    const baseline = threadNow();
    cleared.push(setTimeout(() => undefined, 60_000), setTimeout(() => undefined, 60_000));
    expect(leftBehind(baseline, threadNow(), 1)).toBe('1 more Timeout than a fresh thread has');
    expect(leftBehind(baseline, threadNow(), 2)).toBeUndefined();
  });
});
