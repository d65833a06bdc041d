// Time that counts against code under test. Wall-clock time alone judges the machine:
// with other work running, correct code gets a fraction of a CPU and a test that takes
// 1 s idle takes 10. Linux's scheduler statistics (/proc/<pid>/task/<tid>/schedstat:
// nanoseconds on a CPU, nanoseconds waiting in a run queue for one) say how much of that
// time the code spent running, and how much it spent waiting for a CPU the machine did
// not give it. A fair clock counts wall time less the time the test run's process tree
// waited for a CPU, and never less than the CPU a thread spent: a starved thread is not
// a hung one. Where there is no /proc (macOS, Windows) the fair clock is the wall clock.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface ThreadTimes {
  /** Nanoseconds spent on a CPU. */
  cpuNs: number;
  /** Nanoseconds spent runnable but waiting for a CPU. */
  waitNs: number;
}

const PROC = '/proc';

/** The calling thread's id, as `<pid>/task/<tid>` under /proc, or undefined off Linux. */
export function currentThread(): string | undefined {
  try {
    return readlinkSync(`${PROC}/thread-self`).replace(/^\/proc\//, '');
  } catch {
    return undefined;
  }
}

/** CPU and run-queue times of one thread (`<pid>/task/<tid>`), or undefined once it is gone. */
export function threadTimes(thread: string): ThreadTimes | undefined {
  try {
    const [cpu = '0', wait = '0'] = readFileSync(`${PROC}/${thread}/schedstat`, 'utf8').trim().split(/\s+/);
    return { cpuNs: Number(cpu), waitNs: Number(wait) };
  } catch {
    return undefined;
  }
}

/** Whether this system has the scheduler statistics the fair clock reads (Linux). */
export function schedulerStatistics(): boolean {
  return currentThread() !== undefined && threadTimes('thread-self') !== undefined;
}

/**
 * Run-queue wait, in nanoseconds, of every thread of a process and of every process it
 * started, keyed by thread, found through /proc/<pid>/task/<tid>/children: a walk of the
 * run's own tree costs a few dozen small reads, where a scan of every process on a busy
 * machine costs ten milliseconds.
 */
export function treeWaits(pid: number): Map<string, number> {
  return waitsFrom(threadsOf(pid));
}

/**
 * Run-queue wait of one thread (`<pid>/task/<tid>`) and of every process it started: what
 * the code a test thread runs waited for a CPU, without the other test threads of its
 * process, which wait on a machine their own work keeps busy.
 */
export function threadTreeWaits(thread: string): Map<string, number> {
  return waitsFrom([thread]);
}

function waitsFrom(threads: string[]): Map<string, number> {
  const waits = new Map<string, number>();
  const pending = [...threads];
  for (let thread = pending.pop(); thread !== undefined; thread = pending.pop()) {
    if (waits.has(thread)) continue;
    waits.set(thread, threadTimes(thread)?.waitNs ?? 0);
    for (const child of childrenOf(thread)) pending.push(...threadsOf(child));
  }
  return waits;
}

function threadsOf(pid: number): string[] {
  return listDir(`${PROC}/${pid}/task`).map((tid) => `${pid}/task/${tid}`);
}

/**
 * Nanoseconds the tree waited between two walks. Counted per thread: a thread that ended
 * in between takes its whole wait with it, and a difference of two totals would count
 * that as negative waiting, time given back to the run (a test that starts and ends child
 * processes on a busy machine was charged more than the wall time that passed).
 */
export function waitedBetween(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const [thread, wait] of after) total += Math.max(0, wait - (before.get(thread) ?? 0));
  return total;
}

function childrenOf(thread: string): number[] {
  try {
    return readFileSync(`${PROC}/${thread}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** A clock for one process and all it started: `tick()` returns wall and fair milliseconds since the last tick. */
export class FairClock {
  private lastWall: number;
  private lastWaits: Map<string, number>;
  private readonly root: number | undefined;
  readonly measured: boolean;

  constructor(
    root: number = process.pid,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.measured = schedulerStatistics();
    this.root = this.measured ? root : undefined;
    this.lastWall = now();
    this.lastWaits = this.root === undefined ? new Map() : treeWaits(this.root);
  }

  /** Wall time since the last tick less the tree's time waiting for a CPU, in ms: never more than the wall time. */
  tick(): { wallMs: number; fairMs: number } {
    const wall = this.now();
    const waits = this.root === undefined ? new Map<string, number>() : treeWaits(this.root);
    const wallMs = wall - this.lastWall;
    const waitedMs = waitedBetween(this.lastWaits, waits) / 1e6;
    this.lastWall = wall;
    this.lastWaits = waits;
    return { wallMs, fairMs: Math.min(wallMs, Math.max(0, wallMs - waitedMs)) };
  }
}

/** What a stretch of time counts for one thread: its own CPU at least, its wall time at most. */
export function chargeFor(wallMs: number, fairMs: number, cpuMs: number): number {
  return Math.min(wallMs, Math.max(fairMs, cpuMs));
}
