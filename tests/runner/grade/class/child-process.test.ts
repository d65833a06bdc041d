import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runChild } from '../../../../runner/grade/class/child-process.js';
import { runPool } from '../../../../runner/grade/class/pool.js';

const options = { env: process.env, cwd: process.cwd() };

/** A killed process whose parent is gone may stay a zombie until init reaps it: that is dead too. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2] !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}

describe('runChild', () => {
  it('reports the exit code and the end of stderr', async () => {
    const outcome = await runChild(process.execPath, ['-e', 'console.error("broken at line 3"); process.exit(4)'], { ...options, timeoutMs: 30_000 });
    expect(outcome).toMatchObject({ exitCode: 4, timedOut: false });
    expect(outcome.stderr.trim()).toBe('broken at line 3');
  });

  it.skipIf(process.platform === 'win32')('kills a process that outlives its time, with every process it started', async () => {
    // The child starts a grandchild that would sleep for a minute, prints its pid, then hangs itself.
    const script = [
      "const { spawn } = require('node:child_process');",
      "const grandchild = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });",
      'console.error(grandchild.pid);',
      'setInterval(() => {}, 1000);',
    ].join('\n');
    const started = Date.now();
    const outcome = await runChild(process.execPath, ['-e', script], { ...options, timeoutMs: 1_500 });
    expect(outcome.timedOut).toBe(true);
    expect(Date.now() - started).toBeLessThan(15_000);
    const grandchild = Number(outcome.stderr.trim());
    expect(grandchild).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(isAlive(grandchild)).toBe(false);
  });
});

describe('runPool', () => {
  it('runs at most the limit at a time and keeps the results in order', async () => {
    let running = 0;
    let most = 0;
    const results = await runPool([5, 1, 3, 2, 4], 2, async (value) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, value * 5));
      running -= 1;
      return value * 10;
    });
    expect(results).toEqual([50, 10, 30, 20, 40]);
    expect(most).toBe(2);
  });
});
