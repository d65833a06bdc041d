// The fair clock subtracts the time the test run's threads waited for a CPU from the wall
// time. Threads come and go between two readings (child processes a test starts, worker
// threads vitest ends), and what they take with them must not be counted as time won.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { chargeFor, currentThread, threadTreeWaits, treeWaits, waitedBetween } from '../../../runner/check/fair-clock.js';

const ms = 1e6;

describe('waitedBetween', () => {
  it('counts each living thread’s new waiting', () => {
    const before = new Map([['1/task/1', 5 * ms], ['1/task/2', 1 * ms]]);
    const after = new Map([['1/task/1', 8 * ms], ['1/task/2', 2 * ms]]);
    expect(waitedBetween(before, after)).toBe(4 * ms);
  });

  it('gives back nothing when a thread that had waited a long time ends', () => {
    const before = new Map([['1/task/1', 5 * ms], ['9/task/9', 40_000 * ms]]);
    const after = new Map([['1/task/1', 6 * ms]]);
    expect(waitedBetween(before, after)).toBe(1 * ms);
  });

  it('counts all the waiting of a thread that started since the last reading', () => {
    const before = new Map([['1/task/1', 5 * ms]]);
    const after = new Map([['1/task/1', 5 * ms], ['7/task/7', 3 * ms]]);
    expect(waitedBetween(before, after)).toBe(3 * ms);
  });

  it('never counts a counter that went down (a thread id used again) as negative waiting', () => {
    expect(waitedBetween(new Map([['7/task/7', 9 * ms]]), new Map([['7/task/7', 2 * ms]]))).toBe(0);
  });
});

describe('chargeFor', () => {
  it('charges a thread its own CPU at least and the wall time at most', () => {
    expect(chargeFor(1_000, 200, 600)).toBe(600);
    expect(chargeFor(1_000, 800, 100)).toBe(800);
    expect(chargeFor(1_000, 5_000, 0)).toBe(1_000);
  });
});

describe('threadTreeWaits', () => {
  it.runIf(process.platform === 'linux')("walks a thread and the processes it started, and leaves out the other threads of its process", async () => {
    const thread = currentThread() ?? '';
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    const sibling = new Worker("require('node:worker_threads').parentPort.postMessage(require('node:fs').readlinkSync('/proc/thread-self')); setTimeout(() => {}, 30000)", { eval: true });
    try {
      await once(child, 'spawn');
      const [siblingThread] = (await once(sibling, 'message')) as [string];
      const walked = [...threadTreeWaits(thread).keys()];
      expect(walked).toContain(thread);
      expect(walked.some((key) => key.startsWith(`${child.pid}/task/`)), walked.join(' ')).toBe(true);
      expect(walked).not.toContain(siblingThread.replace(/^\/proc\//, ''));
      expect([...treeWaits(process.pid).keys()]).toContain(siblingThread.replace(/^\/proc\//, ''));
    } finally {
      child.kill();
      await sibling.terminate();
    }
  });
});
