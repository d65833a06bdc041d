// Time in exercise tests without real waiting: a clock the tests move by hand, guards on
// real time for the few places where a wrong solution would wait forever, and ways to
// let pending callbacks run. A correct solution never waits for a guard: it only decides
// how long a failing test takes before it says why. `patience` is a wait that a busy
// machine extends, for waiting on something a correct program does.
import { currentThread, threadTimes, threadTreeWaits, treeWaits, waitedBetween } from '../check/fair-clock.js';

export interface ManualClock {
  now: () => number;
  advance: (ms: number) => void;
}

/** A clock the code under test reads through its `now` option, so time-dependent behaviour is checked exactly. */
export function manualClock(start = 1_700_000_000_000): ManualClock {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
  };
}

/** Real milliseconds, on a timer that vitest's fake timers leave alone. */
function realDelay(ms: number): Promise<void> {
  return new Promise((resolve) => AbortSignal.timeout(Math.max(0, ms)).addEventListener('abort', () => resolve(), { once: true }));
}

/** How long a guard samples the machine before it gives up on a test. */
const SAMPLE_MS = 50;
/** A guard gives a starved test at most this many times its patience in wall time. */
const MOST_EXTENSIONS = 20;

/**
 * Resolves once `ms` have passed in which the code under test could have answered: when
 * the time is up while this test run's processes are waiting for a CPU (a busy machine,
 * not a stuck program), it waits again. A program that is stuck waits for nothing, so
 * its guard fires on time on a busy machine too.
 */
export async function patience(ms: number, starved: () => Promise<boolean> = runIsStarved): Promise<void> {
  await realDelay(ms);
  for (let extension = 0; extension < MOST_EXTENSIONS && (await starved()); extension += 1) await realDelay(Math.min(ms, 1_000));
}

/**
 * Whether the code under test spent more than a tenth of a short sample waiting for a CPU:
 * this test thread and the processes it started. The run's other test threads are left
 * out: they wait when their own work keeps the machine busy, and that says nothing about
 * whether this test's program is starved or stuck.
 */
async function runIsStarved(): Promise<boolean> {
  const thread = currentThread();
  const walk = () => (thread === undefined ? treeWaits(process.pid) : threadTreeWaits(thread));
  const before = walk();
  await realDelay(SAMPLE_MS);
  return waitedBetween(before, walk()) / 1e6 > SAMPLE_MS / 10;
}

/**
 * Rejects with `message` when `promise` has not settled after `ms` real milliseconds.
 * Plain wall time, not `patience`: a test may use it to say that something must not take
 * longer than a bound (a program must end soon after its deadline), and a bound that
 * stretched on a busy machine would let a slow program through.
 */
export function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  // AbortSignal.timeout runs on a real timer that vitest's fake timers leave alone.
  const signal = AbortSignal.timeout(ms);
  return new Promise<T>((resolve, reject) => {
    const expire = () => reject(new Error(message));
    signal.addEventListener('abort', expire, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', expire);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', expire);
        reject(error);
      },
    );
  });
}

/** Resolves with true once `promise` settles, or with false after `ms` real milliseconds. */
export function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const settled = promise.then(
    () => true,
    () => true,
  );
  return within(settled, ms, 'late').catch(() => false);
}

/** Lets pending promise callbacks and I/O callbacks run, `turns` times over (setImmediate is never faked here). */
export async function settle(turns = 5): Promise<void> {
  for (let turn = 0; turn < turns; turn += 1) await new Promise((resolve) => setImmediate(resolve));
}

/** The state of a promise right now, without waiting for it. */
export function track<T>(promise: Promise<T>): { state: () => 'pending' | 'fulfilled' | 'rejected'; value: () => T | undefined; error: () => unknown } {
  let state: 'pending' | 'fulfilled' | 'rejected' = 'pending';
  let value: T | undefined;
  let error: unknown;
  promise.then(
    (result) => {
      state = 'fulfilled';
      value = result;
    },
    (reason: unknown) => {
      state = 'rejected';
      error = reason;
    },
  );
  return { state: () => state, value: () => value, error: () => error };
}

/**
 * Milliseconds of CPU the calling thread has run since the call: the measure for a bound
 * on how much work code does (an O(n) loop where O(1) is asked), which a busy machine does
 * not stretch as it stretches wall time. Linux reads the thread's scheduler statistics;
 * where Node has process.threadCpuUsage() (23.9 and later) it is used; else the wall clock.
 */
export function cpuStopwatch(): () => number {
  const read = threadCpuReader();
  const start = read();
  return () => read() - start;
}

function threadCpuReader(): () => number {
  if (threadTimes('thread-self') !== undefined) return () => (threadTimes('thread-self')?.cpuNs ?? 0) / 1e6;
  const usage = (process as { threadCpuUsage?: () => { user: number; system: number } }).threadCpuUsage;
  if (typeof usage === 'function') return () => {
    const { user, system } = usage.call(process);
    return (user + system) / 1_000;
  };
  return () => performance.now();
}
