// Runs targets' tests until every file has settled. A hang or a crash costs the test it
// happened in and the tests after it in its file, nothing more: the files that finished
// keep their results, the others run again, and the file that hung runs again up to the
// test that hung (reported failed, with why), which recovers the results of the tests
// before it that the stopped run never reported. A crash with two
// files in flight cannot say whose it was, so their files run again one at a time; a
// machine too busy to judge a step gets one more try, one file at a time, before its
// file is reported as not judged (never as the learner's failure). A file that found its
// shared thread left unclean by the file before it (self-check only) ran nothing, and
// runs again in the next pass, in fresh threads.
import path from 'node:path';
import type { RunProblem, TestResult } from '../check/results.js';
import type { TargetOutcome } from '../check/test-collect.js';
import type { RunOptions, TestTarget } from '../check/test-run.js';
import { SandboxSession } from './sandbox-session.js';

interface Progress {
  target: TestTarget;
  /** Absolute paths of the files still to run. */
  pending: string[];
  skip: Map<string, RunProblem>;
  /** Files that hung after a test had finished: see settleInterruption. */
  hungAfter: Set<string>;
  merged: TargetOutcome;
}

const INTERRUPTIONS = new Set<RunProblem['kind']>(['hang', 'crash', 'busy']);

/** Each interruption settles a file or a test, so this bounds the loop for any suite. */
const MAX_PASSES = 50;

/** Runs one pass of the targets, telling `onFileDone` as each file finishes. */
export type PassRunner = (targets: readonly TestTarget[], onFileDone: NonNullable<RunOptions['onFileDone']>) => Promise<Map<string, TargetOutcome>>;

/**
 * `firstPass`: how the first pass runs (watch mode's warm session); the passes after an
 * interruption always run in a fresh process, since the one that hung is gone.
 */
export async function runSettled(root: string, targets: readonly TestTarget[], options: RunOptions = {}, firstPass?: PassRunner): Promise<Map<string, TargetOutcome>> {
  const progress = new Map(targets.map((target) => [target.name, { target, pending: [...target.exercise.testFiles], skip: new Map(), hungAfter: new Set(), merged: { tests: [], problems: [] } } as Progress]));
  let oneAtATime = false;
  let busyRetried = false;
  for (let pass = 0; pass < MAX_PASSES; pass += 1) {
    const running = [...progress.values()].filter((item) => item.pending.length > 0);
    if (running.length === 0) break;
    const ended = new Map<string, Set<string>>();
    const onFileDone: NonNullable<RunOptions['onFileDone']> = (target, file, outcome, durationMs) => {
      if (outcome.problems.some((problem) => problem.kind === 'tainted')) return;
      ended.set(target, (ended.get(target) ?? new Set()).add(path.resolve(file)));
      options.onFileDone?.(target, file, outcome, durationMs);
    };
    const outcomes =
      pass === 0 && firstPass
        ? await firstPass(running.map(targetOf), onFileDone)
        : await runOnce(root, running.map(targetOf), { ...options, ...(oneAtATime ? { maxWorkers: 1 } : {}), onFileDone });
    const interruptions = [...outcomes].flatMap(([target, outcome]) => outcome.problems.filter((problem) => INTERRUPTIONS.has(problem.kind)).map((problem) => ({ target, problem })));
    const crashes = interruptions.filter(({ problem }) => problem.kind === 'crash');
    const busy = interruptions.some(({ problem }) => problem.kind === 'busy');
    // Two files in flight when the process died: which one did it is not known yet.
    const ambiguous = crashes.length > 1 && !oneAtATime;
    const retryBusy = busy && !busyRetried;
    for (const [name, outcome] of outcomes) {
      const item = progress.get(name);
      if (!item) continue;
      const done = ended.get(name) ?? new Set();
      const tainted = new Set(outcome.problems.filter((problem) => problem.kind === 'tainted').map((problem) => path.resolve(root, problem.file ?? '')));
      keep(item, outcome, (file) => !tainted.has(path.resolve(root, file)) && (done.has(path.resolve(root, file)) || interruptions.length === 0));
      item.pending = item.pending.filter((file) => tainted.has(path.resolve(file)) || (!done.has(path.resolve(file)) && interruptions.length > 0));
      if (ambiguous || retryBusy) continue;
      for (const { target, problem } of interruptions) if (target === name) settleInterruption(root, item, problem);
    }
    if (ambiguous) oneAtATime = true;
    if (retryBusy) {
      busyRetried = true;
      oneAtATime = true;
      const files = interruptions.filter(({ problem }) => problem.kind === 'busy').map(({ problem }) => problem.file ?? '');
      options.onBusyRetry?.(files);
    }
  }
  return new Map([...progress].map(([name, item]) => [name, finish(root, item)]));
}

function targetOf(item: Progress): TestTarget {
  return { ...item.target, exercise: { ...item.target.exercise, testFiles: item.pending }, skip: [...item.skip.keys()] };
}

async function runOnce(root: string, targets: readonly TestTarget[], options: RunOptions): Promise<Map<string, TargetOutcome>> {
  const session = await SandboxSession.open(root, targets, options);
  try {
    return await session.run();
  } finally {
    await session.close();
  }
}

/** Keeps the tests of the files that settled, and every problem other than an interruption (those are settled below). */
function keep(item: Progress, outcome: TargetOutcome, settled: (file: string) => boolean): void {
  item.merged.tests.push(...outcome.tests.filter((test) => settled(test.file)));
  for (const problem of outcome.problems) {
    if (INTERRUPTIONS.has(problem.kind) || problem.kind === 'tainted') continue;
    // One mistake repeated (a rejection nobody handles, on every request) is one problem, counted.
    const known = item.merged.problems.find((candidate) => same(candidate, problem));
    if (known) known.count = (known.count ?? 1) + (problem.count ?? 1);
    else item.merged.problems.push({ ...problem });
  }
}

/** A file runs again up to the test that hung or crashed; a file that hung while loading, or a whole run past its limit, is done. */
function settleInterruption(root: string, item: Progress, problem: RunProblem): void {
  const file = problem.file === undefined ? undefined : path.resolve(root, problem.file);
  // A hang after a finished test is in a hook (a describe's beforeAll) or in what the test
  // left running. Stopping the next run at that test cannot keep a later beforeAll from
  // running, so a second such hang in the file is the same one again: the file is done.
  if (problem.kind === 'hang' && problem.after && file !== undefined) {
    if (item.hungAfter.has(file)) {
      item.pending = item.pending.filter((pending) => pending !== file);
      return;
    }
    item.hungAfter.add(file);
  }
  if (!item.merged.problems.some((known) => same(known, problem))) item.merged.problems.push(problem);
  if (problem.kind === 'hang' && problem.wholeRun) {
    item.pending = [];
    return;
  }
  if (problem.full !== undefined && file !== undefined && problem.kind !== 'busy') {
    item.skip.set(`${file}\u0000${problem.full}`, problem);
    if (!item.pending.includes(file)) item.pending.push(file);
    return;
  }
  item.pending = item.pending.filter((pending) => pending !== file);
}

/** A test skipped because it hung or crashed is reported as that test's failure. */
function finish(root: string, item: Progress): TargetOutcome {
  const tests = item.merged.tests.map((test) => asInterrupted(root, item, test));
  return { tests, problems: item.merged.problems };
}

function asInterrupted(root: string, item: Progress, test: TestResult): TestResult {
  if (test.state !== 'skipped') return test;
  const problem = item.skip.get(`${path.resolve(root, test.file)}\u0000${test.path.join(' > ')}`);
  return problem ? { ...test, state: 'failed', failure: { message: problem.message } } : test;
}

function same(a: RunProblem, b: RunProblem): boolean {
  return a.kind === b.kind && a.file === b.file && a.message === b.message;
}
