// Turns vitest's finished test modules into our result objects: tests grouped by the
// `task N:` of their top-level describe, failures with expected/received, and
// problems that belong to a file rather than a test (it did not load, it exited).
import path from 'node:path';
import type { TestCase, TestModule } from 'vitest/node';
import { relativeToRoot } from '../paths.js';
import type { Location, RunProblem, TestFailure, TestResult } from './results.js';

export interface TargetOutcome {
  tests: TestResult[];
  problems: RunProblem[];
}

const TASK_PREFIX = /^task (\d+)\b/i;
const FAILURE_TEXT_LIMIT = 4_000;

export const TAINTED = (reason: string) => `the test thread was left unclean by the file before this one (${reason}), so this file ran nothing and runs again in a fresh thread`;

export function collectModule(root: string, module: TestModule, outcome: TargetOutcome, outputOf: (testId: string) => string | undefined = () => undefined): void {
  const file = relativeToRoot(root, module.moduleId);
  // Self-check only (runner/kit/clean-thread.ts): its skipped tests say nothing of the code.
  const tainted = (module.meta() as { katasTainted?: string }).katasTainted;
  if (tainted !== undefined) {
    outcome.problems.push({ kind: 'tainted', file, message: TAINTED(tainted) });
    return;
  }
  for (const test of module.children.allTests()) {
    const output = outputOf(test.id);
    outcome.tests.push({ ...toResult(root, file, test), ...(output ? { output } : {}) });
  }
  for (const error of module.errors()) {
    const message = condense(error.message ?? String(error));
    const origin = codeFrame(root, error);
    outcome.problems.push({ kind: problemKind(error.message), file, message: origin && !message.includes(origin) ? `${message} (at ${origin})` : message });
  }
}

export function taskOf(path: readonly string[]): number | null {
  const match = path[0] === undefined ? null : TASK_PREFIX.exec(path[0]);
  return match ? Number(match[1]) : null;
}

function toResult(root: string, file: string, test: TestCase): TestResult {
  const names = suiteNames(test);
  const result = test.result();
  const state = result.state === 'pending' ? 'skipped' : result.state;
  const first = result.state === 'failed' ? result.errors[0] : undefined;
  return {
    task: taskOf(names),
    file,
    path: names,
    name: test.name,
    state,
    durationMs: Math.round(test.diagnostic()?.duration ?? 0),
    ...(first ? { failure: toFailure(root, first) } : {}),
  };
}

function suiteNames(test: TestCase): string[] {
  const names = [test.name];
  let parent = test.parent;
  while (parent.type === 'suite') {
    names.unshift(parent.name);
    parent = parent.parent;
  }
  return names;
}

interface ErrorLike {
  message?: string;
  /** Usually text, but some matchers (toThrow) hand over objects. */
  expected?: unknown;
  actual?: unknown;
  stacks?: { file: string; line: number; column: number }[];
}

/**
 * Where a failure points: the learner's own line when the stack passes through their code
 * (a handler that threw), else the test's line, never the course's helpers (tests/support,
 * the runner's kit) when a frame of the test itself is there.
 */
export function failureFrame(root: string, stacks: readonly { file: string; line: number; column: number }[] = []) {
  const frames = stacks
    .map((frame) => ({ ...frame, shown: relativeToRoot(root, path.resolve(frame.file)) }))
    .filter(({ shown }) => !/(^|\/)node_modules\//.test(shown));
  const isCourse = (shown: string) => /^(runner|tests)\/|^exercises\/[^/]+\/tests\/|^node:|^\.\.\//.test(shown);
  const isHelper = (shown: string) => /^runner\/|^tests\/(support|fixtures)\/|\/tests\/(.+\/)?support\//.test(shown);
  return frames.find(({ shown }) => !isCourse(shown)) ?? frames.find(({ shown }) => !isHelper(shown)) ?? frames[0];
}

function toFailure(root: string, error: ErrorLike): TestFailure {
  const frame = failureFrame(root, error.stacks);
  const location: Location | undefined = frame
    ? { file: frame.shown, line: frame.line, column: frame.column }
    : undefined;
  return {
    message: clip(error.message ?? 'the test failed'),
    ...(error.expected !== undefined ? { expected: clip(asText(error.expected)) } : {}),
    ...(error.actual !== undefined ? { actual: clip(asText(error.actual)) } : {}),
    ...(location ? { location } : {}),
  };
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/**
 * Where in the code under test an error at import was raised: the first stack frame
 * outside node_modules, the runner and the test files, as `file:line:column`.
 */
export function codeFrame(root: string, error: ErrorLike & { stack?: string }): string | undefined {
  const frames = error.stacks?.map((frame) => ({ file: frame.file, line: frame.line, column: frame.column })) ?? parseStack(error.stack ?? '');
  const frame = frames.find(({ file }) => !/node_modules|[\\/]runner[\\/]|\.test\.[cm]?[jt]s$|^node:/.test(file));
  return frame ? `${relativeToRoot(root, path.resolve(frame.file.replace(/^file:\/\//, '')))}:${frame.line}:${frame.column}` : undefined;
}

function parseStack(stack: string): { file: string; line: number; column: number }[] {
  return stack
    .split('\n')
    .map((line) => /\(?((?:file:\/\/)?[^\s()]+):(\d+):(\d+)\)?\s*$/.exec(line.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ file: match[1] ?? '', line: Number(match[2]), column: Number(match[3]) }));
}

function problemKind(message: string | undefined): RunProblem['kind'] {
  if (message && /process\.exit/.test(message)) return 'exit';
  return 'load';
}

const ANSI = /\u001b\[[0-9;]*m/g;
const SOURCE_POSITION = /[\w./\\-]+\.[cm]?[tj]sx?:\d+:\d+/;

/** A load error in a line or two: what went wrong and where, without the code frame. */
export function condense(message: string): string {
  const plain = message.replace(ANSI, '');
  const lines = plain.split('\n').map((line) => line.trim()).filter((line) => /[\p{L}\p{N}]/u.test(line) && !/^[│╭╰─┬\d\s]+[│|]/u.test(line));
  const where = SOURCE_POSITION.exec(plain)?.[0];
  const reason = lines.find((line) => /error/i.test(line) && line !== lines[0]) ?? '';
  const said = [lines[0] ?? plain, reason.replace(/^\[\w+\]\s*/, '')].filter(Boolean).join(' ');
  // A message that already names its place (the guard's "called at <file>") says it once.
  return clip(where && !said.includes(where) ? `${said} at ${where}` : said);
}

function clip(text: string): string {
  return text.length > FAILURE_TEXT_LIMIT ? `${text.slice(0, FAILURE_TEXT_LIMIT)}… (cut)` : text;
}
