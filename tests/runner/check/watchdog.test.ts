// The watchdog charges each test on a fair clock: its thread's CPU, or the wall time in
// which nothing of the run waited for a CPU. A stand-in clock and CPU meter drive it here.
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HANG } from '../../../runner/check/test-run.js';
import { Watchdog, type Stall } from '../../../runner/check/watchdog.js';

const limits = { testTimeoutMs: 1_000, runTimeoutMs: 10_000, heapMb: 2_048 };

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function setUp() {
  const dir = mkdtempSync(path.join(tmpdir(), 'katas-wd-'));
  made.push(dir);
  const trace = path.join(dir, 'trace.ndjson');
  const write = (event: string, test: string, extra: Record<string, unknown> = {}) =>
    appendFileSync(trace, `${JSON.stringify({ event, project: 'p', file: '/x.test.ts', test, ...(test ? { full: `suite > ${test}` } : {}), at: 0, ...extra })}\n`);
  let next = { wallMs: 0, fairMs: 0 };
  let cpuNs = 0;
  const clock = { measured: true, tick: () => next };
  const watchdog = new Watchdog(trace, (project) => (project === 'p' ? limits : undefined), 500, false, clock, () => cpuNs);
  /** Lets `wallMs` pass, of which `fairMs` counted (nothing waited for a CPU) and `cpuMs` the thread ran. */
  const pass = (wallMs: number, fairMs = wallMs, cpuMs = 0) => {
    next = { wallMs, fairMs };
    cpuNs += cpuMs * 1e6;
    return watchdog.findStall();
  };
  return { watchdog, write, pass, trace };
}

describe('Watchdog', () => {
  it('names the test that waits for nothing once its budget and the grace have passed', () => {
    const { write, pass } = setUp();
    write('load', '', { thread: '1/task/2' });
    pass(0);
    write('start', 'first');
    write('end', 'first');
    write('start', 'stuck');
    expect(pass(1_000)).toBeUndefined();
    expect(pass(600)).toMatchObject({ project: 'p', file: '/x.test.ts', test: 'stuck', full: 'suite > stuck', kind: 'idle', waitedMs: 1_600, limitMs: 1_000 });
  });

  it('calls a test that kept its thread busy an endless loop, with the CPU it spent', () => {
    const { write, pass } = setUp();
    write('load', '', { thread: '1/task/2' });
    pass(0);
    write('start', 'spins');
    expect(pass(1_600, 1_600, 1_600)).toMatchObject({ test: 'spins', kind: 'spin', cpuMs: 1_600 });
  });

  it('blames a test that finished for the endless loop it left running, which never lets the next test start', () => {
    const { write, pass } = setUp();
    write('load', '', { thread: '1/task/2' });
    pass(0);
    write('start', 'retries');
    write('end', 'retries');
    const stall = pass(10_600, 10_600, 10_600);
    expect(stall).toMatchObject({ test: 'retries', full: 'suite > retries', after: true, kind: 'spin' });
    expect(HANG(stall as Stall, 'x.test.ts')).toMatch(/^the test "retries" in x\.test\.ts finished, but code it left running kept a CPU busy for 11 s after it \(the limit is 10 s\): an endless loop it started/);
  });

  it('does not count the time a starved test waited for a CPU: only its own CPU', () => {
    const { write, pass } = setUp();
    write('load', '', { thread: '1/task/2' });
    pass(0);
    write('start', 'slow on a busy machine');
    // Ten seconds of wall time with the run waiting for a CPU, and 100 ms of CPU in each.
    for (let second = 0; second < 10; second += 1) expect(pass(1_000, 0, 100)).toBeUndefined();
    expect(pass(1_000, 0, 600)).toMatchObject({ kind: 'spin', cpuMs: 1_600 });
  });

  it('says the machine was too busy when a step gets almost no CPU for many times its limit', () => {
    const { write, pass } = setUp();
    write('load', '', { thread: '1/task/2' });
    pass(0);
    write('start', 'starved');
    for (let second = 0; second < 18; second += 1) expect(pass(1_000, 0, 0)).toBeUndefined();
    expect(pass(1_000, 0, 0)).toMatchObject({ test: 'starved', kind: 'busy' });
  });

  it('gives a file that is still loading a longer budget, then reports it without a test name', () => {
    const { write, pass } = setUp();
    write('load', '');
    expect(pass(5_000)).toBeUndefined();
    expect(pass(5_600)).toMatchObject({ test: undefined, waitedMs: 10_600 });
  });

  it('forgets a file once vitest reports it finished, even if its trace is read later', () => {
    const { watchdog, write, pass } = setUp();
    watchdog.moduleEnded('p', '/x.test.ts');
    write('load', '');
    write('start', 'late');
    expect(pass(60_000)).toBeUndefined();
  });

  it('reads a line that was only half written on the next look', () => {
    const { write, pass, trace } = setUp();
    write('load', '');
    appendFileSync(trace, '{"event":"start","project":"p","file":"/x.test.ts",');
    expect(pass(100)).toBeUndefined();
    appendFileSync(trace, '"test":"t","at":50}\n');
    expect(pass(0)).toBeUndefined();
    expect(pass(1_600)).toMatchObject({ test: 't' });
  });

  it('lists the files in flight with the test each is in', () => {
    const { watchdog, write } = setUp();
    write('load', '');
    write('start', 'running');
    expect(watchdog.inFlight()).toEqual([{ project: 'p', file: '/x.test.ts', test: 'running', full: 'suite > running' }]);
  });
});

describe('Watchdog and the whole suite', () => {
  it('stops a suite that runs longer than its runTimeoutMs in all, though every test is within its own limit', () => {
    const { write, pass } = setUp();
    write('load', '');
    for (let step = 0; step < 13; step += 1) {
      write('start', `t${step}`);
      expect(pass(800)).toBeUndefined();
      write('end', `t${step}`);
    }
    write('start', 'last');
    expect(pass(100)).toBeUndefined();
    expect(pass(200)).toMatchObject({ test: 'last', kind: 'run-limit', limitMs: 10_000 });
  });
});

describe('Watchdog and a test with its own budget', () => {
  it('allows a test the budget it sets itself when that is longer than the exercise limit', () => {
    const { write, pass } = setUp();
    write('load', '');
    write('start', 'slow', { timeout: 4_000 });
    expect(pass(3_000)).toBeUndefined();
    expect(pass(1_600)).toMatchObject({ test: 'slow' });
  });
});
