// Notices a test file that stopped making progress. Vitest's own timeouts are wall-clock
// time in the worker, which a busy machine stretches and an endless synchronous loop
// never lets fire; this runs in the test run's main thread and reads the trace that
// runner/kit/guard.ts writes synchronously, so it can name the test that hangs. Time is
// counted on a fair clock (fair-clock.ts): a test is charged its own CPU, or the wall
// time in which nothing of the run waited for a CPU, so a starved worker is not a hung one.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { Limits } from '../course/manifest.js';
import { chargeFor, FairClock, threadTimes } from './fair-clock.js';

/**
 * spin: the code kept a CPU busy; idle: it waited for something that never came;
 * unmeasured: no scheduler statistics here, only wall time; run-limit: the whole suite
 * ran past its limit; busy: the machine gave the run too little CPU to judge anything.
 */
export type StallKind = 'spin' | 'idle' | 'unmeasured' | 'run-limit' | 'busy';

export interface Stall {
  project: string;
  file: string;
  /** The test that was running, or undefined when the file hung outside any test (at import). */
  test: string | undefined;
  /** The test's name with its describe blocks. */
  full?: string;
  /** The test had finished: what it left running (a loop in a callback, a hook) hung after it. */
  after?: boolean;
  kind: StallKind;
  /** Fair time charged to the step that hung. */
  waitedMs: number;
  /** CPU the step's thread spent, where measured. */
  cpuMs: number;
  /** The limit that was passed (the step's, or the whole run's). */
  limitMs: number;
}

interface TraceEvent {
  event: 'load' | 'start' | 'end';
  project: string;
  file: string;
  test: string;
  full?: string;
  /** The test's own budget, when it sets one. */
  timeout?: number;
  /** The worker thread, as `<pid>/task/<tid>` (Linux). */
  thread?: string;
}

interface Step {
  charged: number;
  cpuMs: number;
  wallMs: number;
}

interface ModuleState {
  thread: string | undefined;
  lastCpuNs: number | undefined;
  step: Step;
  running?: { test: string; full: string | undefined; timeout: number | undefined };
  /** The last test that finished, while no other runs: code it left behind is its own. */
  ended?: { test: string; full: string | undefined };
}

/** A test file still running, and the test it is in (none while loading). */
export interface InFlight {
  project: string;
  file: string;
  test?: string;
  full?: string;
}

const LOAD_BUDGET_MS = 10_000;
/** Past this many times its limit in wall time, a step is not judged: the machine is too busy. */
const BUSY_FACTOR = 12;

const key = (project: string, file: string) => `${project}\u0000${file}`;
const freshStep = (): Step => ({ charged: 0, cpuMs: 0, wallMs: 0 });

export class Watchdog {
  private readonly modules = new Map<string, ModuleState>();
  private readonly ended = new Set<string>();
  private readonly projectCharged = new Map<string, number>();
  private offset = 0;

  constructor(
    private readonly traceFile: string,
    private readonly limitsOf: (project: string) => Limits | undefined,
    private readonly graceMs: number,
    fromStart = false,
    /** The fair clock and the threads' CPU (a stand-in in unit tests). */
    private readonly clock: Pick<FairClock, 'tick' | 'measured'> = new FairClock(),
    private readonly cpuNsOf: (thread: string) => number | undefined = (thread) => threadTimes(thread)?.cpuNs,
  ) {
    // A trace file may outlive one run (watch mode): only what this run writes counts.
    try {
      this.offset = fromStart ? 0 : statSync(traceFile).size;
    } catch {
      this.offset = 0;
    }
  }

  moduleEnded(project: string, file: string): void {
    this.modules.delete(key(project, file));
    this.ended.add(key(project, file));
  }

  /** The files loaded and not ended, with the test each is in. */
  inFlight(): InFlight[] {
    this.readTrace();
    return [...this.modules].map(([id, state]) => {
      const [project = '', file = ''] = id.split('\u0000');
      return { project, file, ...(state.running ? { test: state.running.test, ...(state.running.full ? { full: state.running.full } : {}) } : {}) };
    });
  }

  /** Whether scheduler statistics are read here (Linux), or only wall time. */
  get measured(): boolean {
    return this.clock.measured;
  }

  /** Charges the time since the last call, then returns the first step past its limit. */
  findStall(): Stall | undefined {
    const { wallMs, fairMs } = this.clock.tick();
    this.readTrace();
    const active = new Set<string>();
    for (const [id, state] of this.modules) {
      const [project = '', file = ''] = id.split('\u0000');
      const limits = this.limitsOf(project);
      if (!limits) continue;
      this.charge(state, wallMs, fairMs);
      active.add(project);
      const stall = this.judgeStep(project, file, state, limits);
      if (stall) return stall;
    }
    for (const project of active) {
      const charged = (this.projectCharged.get(project) ?? 0) + fairMs;
      this.projectCharged.set(project, charged);
      const stall = this.judgeRun(project, charged);
      if (stall) return stall;
    }
    return undefined;
  }

  private charge(state: ModuleState, wallMs: number, fairMs: number): void {
    const cpuNs = state.thread ? this.cpuNsOf(state.thread) : undefined;
    const cpuMs = cpuNs !== undefined && state.lastCpuNs !== undefined ? (cpuNs - state.lastCpuNs) / 1e6 : 0;
    state.lastCpuNs = cpuNs;
    state.step.charged += chargeFor(wallMs, fairMs, cpuMs);
    state.step.cpuMs += cpuMs;
    state.step.wallMs += wallMs;
  }

  private judgeStep(project: string, file: string, state: ModuleState, limits: Limits): Stall | undefined {
    // Loading may take seconds (an embedded database), a stuck test only its own budget.
    const budget = state.running ? Math.max(limits.testTimeoutMs, state.running.timeout ?? 0) : Math.max(limits.testTimeoutMs, LOAD_BUDGET_MS);
    const limitMs = budget + this.graceMs;
    const { charged, cpuMs, wallMs } = state.step;
    const blamed = state.running ?? state.ended;
    const test = blamed?.test;
    const full = blamed?.full;
    const named = { project, file, test, ...(full ? { full } : {}), ...(state.running === undefined && state.ended ? { after: true } : {}) };
    if (charged > limitMs) return { ...named, kind: this.kindOf(state.step), waitedMs: charged, cpuMs, limitMs: budget };
    if (wallMs > limitMs * BUSY_FACTOR) return { ...named, kind: 'busy', waitedMs: wallMs, cpuMs, limitMs: budget };
    return undefined;
  }

  /** Each step may be within its limit while the whole suite is not (a slow loop of slow tests). */
  private judgeRun(project: string, charged: number): Stall | undefined {
    const limits = this.limitsOf(project);
    if (!limits || charged <= limits.runTimeoutMs + this.graceMs) return undefined;
    const [id, state] = [...this.modules].find(([name]) => name.startsWith(`${project}\u0000`)) ?? [];
    const file = id?.split('\u0000')[1] ?? '';
    return { project, file, test: state?.running?.test, ...(state?.running?.full ? { full: state.running.full } : {}), kind: 'run-limit', waitedMs: charged, cpuMs: state?.step.cpuMs ?? 0, limitMs: limits.runTimeoutMs };
  }

  private kindOf(step: Step): StallKind {
    if (!this.clock.measured) return 'unmeasured';
    return step.cpuMs >= step.charged / 2 ? 'spin' : 'idle';
  }

  private readTrace(): void {
    for (const event of this.readNewEvents()) {
      const id = key(event.project, event.file);
      if (this.ended.has(id)) continue;
      if (event.event === 'load') {
        const thread = event.thread;
        this.modules.set(id, { thread, lastCpuNs: thread ? this.cpuNsOf(thread) : undefined, step: freshStep() });
      }
      const state = this.modules.get(id);
      if (!state) continue;
      state.step = freshStep();
      state.running = event.event === 'start' ? { test: event.test, full: event.full, timeout: event.timeout } : undefined;
      state.ended = event.event === 'end' ? { test: event.test, full: event.full } : undefined;
    }
  }

  private readNewEvents(): TraceEvent[] {
    let fd: number;
    try {
      fd = openSync(this.traceFile, 'r');
    } catch {
      return [];
    }
    try {
      const chunks: Buffer[] = [];
      const buffer = Buffer.alloc(64 * 1024);
      let read: number;
      while ((read = readSync(fd, buffer, 0, buffer.length, this.offset)) > 0) {
        chunks.push(Buffer.from(buffer.subarray(0, read)));
        this.offset += read;
      }
      const text = Buffer.concat(chunks).toString('utf8');
      const complete = text.slice(0, text.lastIndexOf('\n') + 1);
      this.offset -= Buffer.byteLength(text) - Buffer.byteLength(complete);
      return complete.split('\n').filter(Boolean).map((line) => JSON.parse(line) as TraceEvent);
    } finally {
      closeSync(fd);
    }
  }
}
