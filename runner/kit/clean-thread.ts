// In the self-check a test thread runs file after file (runner/selfcheck/copies.ts). A
// file whose code leaves something behind (a timer still set, a server still listening,
// fake timers still installed, a built-in replaced, an environment variable changed, a
// listener for errors nobody handled)
// could make the tests of the next file fail for a mistake that is not its own, and call
// a mutant caught that no test catches. So each file compares its thread with what the
// first file found there, before any exercise code ran; a file that finds it changed runs
// nothing, and the runner runs it again in a fresh thread.
import { createHook } from 'node:async_hooks';

/** What a thread looks like before any exercise code has run in it. */
export interface ThreadBaseline {
  resources: Map<string, number>;
  globals: [string, unknown][];
  listeners: Map<string | symbol, number>;
  env: Map<string, string | undefined>;
}

/**
 * A listener for these would take the next file's errors for its own. Listeners for others
 * ('exit', signals) stay once a library is loaded (signal-exit, under execa) and change
 * nothing a test sees.
 */
const WATCHED_EVENTS = ['uncaughtException', 'unhandledRejection'];

/** The runner and vitest set these for each file: they change between files by design. */
const PER_FILE_VARIABLE = /^(KATAS_TEST_FILE|KATAS_TARGET|VITEST_.*)$/;

/** Globals that exercise code or a test may replace for a while (fake timers, spies) and must put back. */
function globalsNow(): [string, unknown][] {
  const date = Date as unknown as Record<string, unknown>;
  return [
    ['setTimeout', globalThis.setTimeout],
    ['setInterval', globalThis.setInterval],
    ['setImmediate', globalThis.setImmediate],
    ['clearTimeout', globalThis.clearTimeout],
    ['clearInterval', globalThis.clearInterval],
    ['queueMicrotask', globalThis.queueMicrotask],
    ['Date', globalThis.Date],
    ['Date.now', date.now],
    ['performance.now', globalThis.performance.now],
    ['process.nextTick', process.nextTick],
    ['process.hrtime', process.hrtime],
    ['fetch', globalThis.fetch],
    ['Math.random', Math.random],
    ['Object.prototype.toString', Object.prototype.toString],
    ['Object.prototype.hasOwnProperty', Object.prototype.hasOwnProperty],
    ['Object.keys', Object.keys],
    ['Array.prototype.push', Array.prototype.push],
    ['Array.prototype.map', Array.prototype.map],
    ['Function.prototype.call', Function.prototype.call],
    ['Function.prototype.apply', Function.prototype.apply],
    ['JSON.stringify', JSON.stringify],
    ['JSON.parse', JSON.parse],
    ['Promise.prototype.then', Promise.prototype.then],
    ['console', globalThis.console],
  ];
}

function counted(items: readonly (string | symbol)[]): Map<string | symbol, number> {
  const counts = new Map<string | symbol, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

export function threadNow(): ThreadBaseline {
  return {
    resources: counted(process.getActiveResourcesInfo()) as Map<string, number>,
    globals: globalsNow(),
    listeners: new Map(process.eventNames().map((event) => [event, process.listenerCount(event)])),
    env: new Map(Object.entries(process.env).filter(([name]) => !PER_FILE_VARIABLE.test(name))),
  };
}

/**
 * What an earlier file left in the thread, in a few words; undefined when it is as the first
 * file found it. `runnerTimers` pending timers of the runner's own (watchRunnerTimers) are
 * not counted as left.
 */
export function leftBehind(baseline: ThreadBaseline, now: ThreadBaseline = threadNow(), runnerTimers = 0): string | undefined {
  for (const [kind, count] of now.resources) {
    const more = count - (baseline.resources.get(kind) ?? 0) - (kind === 'Timeout' ? runnerTimers : 0);
    if (more > 0) return `${more} more ${kind} than a fresh thread has`;
  }
  for (const [index, [name, value]] of now.globals.entries()) if (baseline.globals[index]?.[1] !== value) return `${name} replaced`;
  for (const event of WATCHED_EVENTS) if ((now.listeners.get(event) ?? 0) > (baseline.listeners.get(event) ?? 0)) return `a listener for process '${event}' added`;
  for (const [name, value] of now.env) if (baseline.env.get(name) !== value) return `process.env.${name} changed`;
  for (const name of baseline.env.keys()) if (!now.env.has(name)) return `process.env.${name} deleted`;
  return undefined;
}

/** Code whose timers are the runner's own: vitest's packages, and PGlite (kept-pglite.ts), wherever npm put them. */
const OWNERS = {
  vitest: /[\\/]node_modules[\\/](?:vitest|@vitest[\\/][^\\/]+)[\\/]/,
  pglite: /[\\/]node_modules[\\/]@electric-sql[\\/]pglite[\\/]/,
};
export type TimerOwner = keyof typeof OWNERS;

/**
 * Between two files vitest sets timers of its own: it sends the main thread news of the
 * tests at most every 100 ms, and holds a timer until the next send. Such a timer is one
 * more Timeout than a fresh thread has, though no exercise code set it, and waiting for it
 * to fire cost 75 to 90 ms a file. A PGlite kept for the next file holds a timer too.
 * From now on this keeps every Timeout whose caller (the first frame after Node's own) is
 * the code of one of OWNERS; the function returned counts an owner's still pending. Only
 * the self-check's shared threads watch: promises run slower under an async hook. (A
 * PGlite a file left open while another is kept would have its timer excused too; the
 * tests close theirs, and code under test is handed a Db, never a PGlite.)
 */
export function watchRunnerTimers(): (owner: TimerOwner) => number {
  const timers = new Map<NodeJS.Timeout, TimerOwner>();
  const owners = Object.entries(OWNERS) as [TimerOwner, RegExp][];
  createHook({
    init(_id, type, _trigger, resource) {
      if (type !== 'Timeout') return;
      const caller = callerOfTimer();
      const owner = owners.find(([, code]) => code.test(caller))?.[0];
      if (owner) timers.set(resource as NodeJS.Timeout, owner);
    },
  }).enable();
  return (owner) => {
    for (const timer of timers.keys()) if (destroyed(timer)) timers.delete(timer);
    return [...timers].filter(([timer, its]) => its === owner && timer.hasRef()).length;
  };
}

/**
 * The file that called setTimeout: the first after the frames of Node's timers, which
 * follow this hook's own. Read from V8's call sites, not from a formatted stack, which
 * vitest's source maps make a hundred times slower.
 */
function callerOfTimer(): string {
  const { prepareStackTrace, stackTraceLimit } = Error;
  const holder: { stack?: NodeJS.CallSite[] } = {};
  let sites: NodeJS.CallSite[] = [];
  try {
    Error.prepareStackTrace = (_error, callSites) => callSites;
    Error.stackTraceLimit = 30;
    Error.captureStackTrace(holder);
    // Read while the call sites are what the stack is made of: V8 builds it on first read.
    sites = holder.stack ?? [];
  } finally {
    Error.prepareStackTrace = prepareStackTrace;
    Error.stackTraceLimit = stackTraceLimit;
  }
  const files = sites.map((site) => site.getFileName() ?? '');
  const inNode = (file: string) => file.startsWith('node:');
  return files.slice(files.findIndex(inNode)).find((file) => !inNode(file)) ?? '';
}

/** Fired (and not repeating) or cleared: Node marks such a timer destroyed. */
function destroyed(timer: NodeJS.Timeout): boolean {
  return (timer as unknown as { _destroyed?: boolean })._destroyed === true;
}
