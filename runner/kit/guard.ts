// Runs before every exercise test file.
// 1. It records, synchronously, each test's start and end in the runner's trace file:
//    learner code that blocks its thread forever (while (true) {}) also blocks vitest's
//    own reporting, and this trace is how the runner can still name the test that hangs.
// 2. After the file's tests it looks for servers still listening: learner code that
//    starts one at import time keeps a real process alive.
// 3. It notes every process.exit() call: vitest turns one into a thrown error, which a
//    handler's own try/catch may swallow into a 500, hiding the real mistake.
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, expect, inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The runner's name for this run of the tests (which copy of the sources they test). */
    katasTarget: string;
  }
}

const LEFT_OPEN =
  'a server is still listening after the tests of this file finished: a module that calls listen() when it is imported keeps the process alive. Export the server (or a function that creates it) and let the caller start it.';

const EXITED = (code: unknown, where: string) =>
  `process.exit(${code === undefined ? '' : String(code)}) was called${where ? ` at ${where}` : ''}: code under test must never end the process — the test runner, and in production every request in flight, dies with it. Throw an error or return a status instead.`;

const traceFile = process.env.KATAS_TRACE_FILE;
const exits: string[] = [];
const realExit = process.exit;
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
const project = traceFile ? inject('katasTarget') : '';
const file = expect.getState().testPath ?? '';

function trace(event: 'load' | 'start' | 'end', test = '', timeout?: number): void {
  if (traceFile) appendFileSync(traceFile, `${JSON.stringify({ event, project, file, test, timeout, at: Date.now() })}\n`);
}

// Written before the test file is imported, so a module that never finishes loading is seen too.
trace('load');
// A test may set its own timeout (it('…', fn, 10_000)); the watchdog must allow it.
beforeEach((context) => trace('start', context.task.name, context.task.timeout));
afterEach((context) => trace('end', context.task.name));

// A closed server stays listed for a few event-loop turns after its close callback.
const TURNS_TO_SETTLE = 20;

afterAll(async () => {
  if (exits.length > 0) throw new Error(exits[0]);
  for (let turn = 0; turn < TURNS_TO_SETTLE && serversListening() > 0; turn += 1) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (serversListening() > 0) throw new Error(LEFT_OPEN);
});

function serversListening(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'TCPServerWrap').length;
}
