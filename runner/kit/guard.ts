// Runs before every exercise test file.
// 1. It records, synchronously, each test's start and end in the runner's trace file:
//    learner code that blocks its thread forever (while (true) {}) also blocks vitest's
//    own reporting, and this trace is how the runner can still name the test that hangs.
// 2. After the file's tests it looks for servers still listening: learner code that
//    starts one at import time keeps a real process alive.
// 3. It notes every process.exit() call: vitest turns one into a thrown error, which a
//    handler's own try/catch may swallow into a 500, hiding the real mistake.
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect, inject } from 'vitest';
import { currentThread } from '../check/fair-clock.js';
import { leftBehind, threadNow, watchRunnerTimers, type ThreadBaseline, type TimerOwner } from './clean-thread.js';
import { pgliteKept } from './kept-pglite.js';
import { copyRunOf } from './copy-run.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The runner's name for this run of the tests (which copy of the sources they test). */
    katasTarget: string;
    /** The seed of this run's randomised tests, fixed by the runner before learner code runs. */
    katasSeed: number;
    /** Tests (`<file>\u0000<full name>`) that hung or crashed an earlier run: they, and the tests after them in their file, are not run again. */
    katasSkip: string[];
    /**
     * Self-check only: a file that marks this run's copy as caught. Its first failing test
     * writes it, and every test after that (in this file or another) is skipped: a mutant
     * needs one failure, not a list. Absent, every test runs.
     */
    katasFirstFailure?: string;
  }
}

const LEFT_OPEN =
  'a server is still listening after the tests of this file finished: a module that calls listen() when it is imported keeps the process alive. Export the server (or a function that creates it) and let the caller start it.';

const EXITED = (code: unknown, where: string) =>
  `process.exit(${code === undefined ? '' : String(code)}) was called${where ? ` at ${where}` : ''}: code under test must never end the process — the test runner, and in production every request in flight, dies with it. Throw an error or return a status instead.`;

const traceFile = process.env.KATAS_TRACE_FILE;

/**
 * What this file finds in its thread and keeps for the files after it: in the self-check a
 * thread runs file after file (runner/selfcheck/copies.ts), and each loads this guard again.
 */
interface ThreadState {
  /** process.exit as vitest left it, before any guard wrapped it. */
  exit?: typeof process.exit;
  /** The run of the file now running: the tag of the errors nobody handled. */
  target?: string;
  /** Whether vitest's listeners for those errors are wrapped already. */
  tagging?: boolean;
  /** The thread as the first file found it (clean-thread.ts). */
  baseline?: ThreadBaseline;
  /** Whether files run one after another in this thread (the self-check's copies). */
  shared?: boolean;
  /** How many of the runner's own timers are pending (clean-thread.ts), in a shared thread. */
  runnerTimers?: (owner: TimerOwner) => number;
}
const thread = ((globalThis as { [key: symbol]: ThreadState })[Symbol.for('katas.guard')] ??= {});
// Before anything of this file runs: what an earlier file in this thread left behind. A
// closed server stays listed for a few turns of the event loop; the timers of vitest and
// of a PGlite kept for the next file are told apart (clean-thread.ts).
const file = expect.getState().testPath ?? '';
const copy = traceFile ? copyRunOf(file) : undefined;
thread.shared = copy !== undefined;
if (thread.shared && thread.baseline === undefined) {
  // No exercise code has run in this fresh thread yet: its timers are vitest's, set before
  // they could be watched. Counted in the baseline, one would hide a timer a file leaves.
  for (let waited = 0; waited < 40 && (threadNow().resources.get('Timeout') ?? 0) > 0; waited += 1) await pause();
  thread.runnerTimers = watchRunnerTimers();
}
thread.baseline ??= threadNow();
const runnerTimers = () => (thread.runnerTimers ? thread.runnerTimers('vitest') + (pgliteKept() ? thread.runnerTimers('pglite') : 0) : 0);
let unclean = leftBehind(thread.baseline, threadNow(), runnerTimers());
for (let waited = 0; waited < 40 && unclean !== undefined; waited += 1) {
  await pause();
  unclean = leftBehind(thread.baseline, threadNow(), runnerTimers());
}

function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5));
}

const exits: string[] = [];
const realExit = (thread.exit ??= process.exit);
process.exit = ((code?: number | string | null) => {
  exits.push(EXITED(code, callerOf(new Error().stack ?? '')));
  return realExit.call(process, code);
}) as typeof process.exit;

/** The first stack frame outside this file and node_modules: where the learner called it. */
function callerOf(stack: string): string {
  const frame = stack.split('\n').slice(2).find((line) => /\s+at /.test(line) && !line.includes('node_modules') && !line.includes('/kit/guard'));
  const where = frame ? /\(?(?:file:\/\/)?([^\s()]+):(\d+:\d+)\)?$/.exec(frame.trim()) : null;
  return where ? `${path.relative(process.cwd(), where[1] ?? '').split(path.sep).join('/')}:${where[2]}` : '';
}
const project = traceFile ? (copy?.target ?? inject('katasTarget')) : '';

interface TraceDetails {
  test?: string;
  full?: string;
  timeout?: number;
  thread?: string;
}

function trace(event: 'load' | 'start' | 'end', details: TraceDetails = {}): void {
  if (traceFile) appendFileSync(traceFile, `${JSON.stringify({ event, project, file, test: '', ...details, at: Date.now() })}\n`);
}

interface NamedTask {
  name: string;
  suite?: NamedTask | undefined;
  /** Set on the file itself, whose name is its path. */
  filepath?: string;
}

/** The test's name with its describe blocks, as the runner names it across runs. */
function fullName(task: NamedTask): string {
  const names: string[] = [];
  for (let current: NamedTask | undefined = task; current && current.filepath === undefined; current = current.suite) names.unshift(current.name);
  return names.join(' > ');
}

const stopAt = new Set(traceFile ? (inject('katasSkip') ?? []) : []);
let stopped = false;
const firstFailure = traceFile ? (copy ? copy.firstFailure : inject('katasFirstFailure')) : undefined;

// A process this file's code starts inherits this thread's environment: if it outlives
// the tests, the runner can say which file started it.
process.env.KATAS_TEST_FILE = file;
if (project) process.env.KATAS_TARGET = project;

// Written before the test file is imported, so a module that never finishes loading is
// seen too; the thread lets the runner read how much CPU this file's code spends.
trace('load', { thread: currentThread() });

// Vitest reports an error nobody handled without saying which run it came from, and in
// the self-check many runs (the solution, each mutant) share one test file: an error a
// mutant left unhandled in a callback the test defined would be blamed on all of them.
// Vitest's own listener, wrapped, reports it tagged with this run's target. Vitest takes a
// second listener for the learner's own handling, so its listener is replaced, not joined.
// Once per thread: a thread that runs file after file tags with the run of the file now
// running.
type Reporter = (error: unknown, ...rest: unknown[]) => void;
const tagging = (report: Reporter): Reporter => (error, ...rest) => {
  tagWithTarget(error);
  report(error, ...rest);
};
thread.target = project;
if (project && !thread.tagging) {
  thread.tagging = true;
  const [uncaught, ...otherUncaught] = process.listeners('uncaughtException');
  if (uncaught && otherUncaught.length === 0) {
    process.removeListener('uncaughtException', uncaught);
    process.on('uncaughtException', tagging(uncaught as Reporter));
  }
  const [rejected, ...otherRejected] = process.listeners('unhandledRejection');
  if (rejected && otherRejected.length === 0) {
    process.removeListener('unhandledRejection', rejected);
    process.on('unhandledRejection', tagging(rejected as Reporter));
  }
}

function tagWithTarget(error: unknown): void {
  if (typeof error !== 'object' || error === null) return;
  try {
    Object.defineProperty(error, 'KATAS_TARGET', { value: thread.target, enumerable: true, configurable: true });
  } catch {
    // A frozen error keeps no tag: the runner falls back to its stack.
  }
}
// A thread an earlier file left unclean cannot judge this one: it runs nothing, and says
// why, and the runner runs it again in a fresh thread (runner/sandbox/run-settled.ts).
// vitest hands the file to a hook as its second argument, after the fixtures (unused here).
beforeAll(({}, suite) => {
  const file = suite as unknown as RunnableTask & { meta: { katasTainted?: string } };
  if (unclean !== undefined) {
    file.meta.katasTainted = unclean;
    skipTheRest(file);
  } else if (copy?.only !== undefined) keepOnly(file, copy.only);
});

// A test may set its own budget (it('…', { timeout: 30_000 }, fn)); the watchdog allows it.
beforeEach((context) => {
  const full = fullName(context.task);
  // A test that hung or crashed an earlier run is not run again, nor are the tests after
  // it: this run only recovers the results of the tests before it.
  stopped ||= stopAt.has(`${file}\u0000${full}`);
  if (stopped || caught()) context.skip();
  if (firstFailure)
    context.onTestFailed(() => {
      writeFileSync(firstFailure, full);
      skipTheRest(context.task.file);
    });
  trace('start', { test: context.task.name, full, timeout: context.task.timeout });
});
afterEach((context) => trace('end', { test: context.task.name, full: fullName(context.task) }));

interface RunnableTask extends NamedTask {
  mode: string;
  result?: unknown;
  tasks?: RunnableTask[];
}

/**
 * Self-check: once the copy is caught, the file's tests that have not started are marked
 * skipped, so vitest runs neither them nor the hooks of their describe blocks (a
 * database or a server started for tests that would only be skipped).
 */
function skipTheRest(task: RunnableTask): void {
  for (const child of task.tasks ?? []) {
    if (child.result === undefined) child.mode = 'skip';
    skipTheRest(child);
  }
}

/**
 * Self-check: runs the one test named, skipping every other test and every describe block
 * that does not hold it, so that only its own hooks run. Whether anything was kept is
 * returned; a test since renamed keeps nothing, and the mutant runs its files in full.
 */
function keepOnly(task: RunnableTask, only: string): boolean {
  let kept = false;
  for (const child of task.tasks ?? []) {
    const keep = child.tasks === undefined ? fullName(child) === only : keepOnly(child, only);
    if (!keep) child.mode = 'skip';
    kept ||= keep;
  }
  return kept;
}

/** Whether an earlier test of this run's copy failed (self-check only). */
function caught(): boolean {
  return firstFailure !== undefined && firstFailure !== '' && existsSync(firstFailure);
}

// Built-ins every library (vitest's matchers among them) relies on: code under test that
// replaces one breaks the tests in ways that point nowhere near the real mistake.
const BUILT_INS: [string, object, string][] = [
  ['Object.prototype', Object.prototype, 'toString'],
  ['Object.prototype', Object.prototype, 'hasOwnProperty'],
  ['Object', Object, 'keys'],
  ['Array.prototype', Array.prototype, 'push'],
  ['Array.prototype', Array.prototype, 'map'],
  ['Function.prototype', Function.prototype, 'call'],
  ['Function.prototype', Function.prototype, 'apply'],
  ['JSON', JSON, 'stringify'],
  ['JSON', JSON, 'parse'],
  ['Promise.prototype', Promise.prototype, 'then'],
];
const originals = BUILT_INS.map(([, owner, name]) => (owner as Record<string, unknown>)[name]);

const REPLACED = (name: string) =>
  `${name} was replaced by the code under test: every library relies on the built-ins, so the failures of this file may point anywhere but at the real mistake. Never change a built-in; write a function of your own instead.`;

function replacedBuiltIn(): string | undefined {
  const index = BUILT_INS.findIndex(([, owner, name], at) => (owner as Record<string, unknown>)[name] !== originals[at]);
  const found = BUILT_INS[index];
  return found ? `${found[0]}.${found[2]}` : undefined;
}

// A closed server stays listed for a few event-loop turns after its close callback.
const TURNS_TO_SETTLE = 20;

afterAll(async () => {
  const replaced = replacedBuiltIn();
  if (replaced) throw new Error(REPLACED(replaced));
  if (exits.length > 0) throw new Error(exits[0]);
  for (let turn = 0; turn < TURNS_TO_SETTLE && serversListening() > 0; turn += 1) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (serversListening() > 0) throw new Error(LEFT_OPEN);
});

function serversListening(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'TCPServerWrap').length;
}
