// What a mutant runs. With --all-tests: every test file of its exercise, every test, so
// that every test that catches it is listed. Otherwise only what can catch it: a mutant
// a static rule already flags runs no test; the others run the test files that reach
// the files its patch changes (import-graph.ts), up to their first failing test, in two
// waves: first the one file likeliest to catch it, then, for the few it got past, the
// rest. Most mutants are caught by the first file, and never load the others. A mutant
// whose copy is the one the last self-check ran (killers.ts) runs, in the first wave, only
// the test that caught it then, first in its file's order; if that test passes now, the
// second wave runs its files in full, and the record says to run that file in full from
// the first wave next time.
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { TestResult } from '../check/results.js';
import type { TargetOutcome } from '../check/test-collect.js';
import { testFileKey, type TestTarget } from '../check/test-run.js';
import type { Exercise } from '../course/exercise.js';
import { cacheDir } from '../paths.js';
import { testFilesReaching } from './import-graph.js';
import { fingerprint } from './fingerprint.js';
import type { Killer, Killers } from './killers.js';
import type { Mutant } from './mutants.js';

export interface MutantRunOptions {
  allTests: boolean;
  /** Whether a static rule flags the mutant. */
  flagged: (mutant: Mutant) => boolean;
  /** Where the marks of caught mutants go (see caughtDir). */
  caught: string;
  /** The test that caught each mutant last time, and each file's expected duration. */
  killers: Killers;
  /** The fingerprint of what the tests import from outside a copy (the runner's kit): part of each copy's. */
  kitPrint: string;
  estimates: Readonly<Record<string, number>>;
}

/** A mutant's test files, likeliest killer first; the first wave runs `files[0]`. */
export interface MutantRun {
  target: TestTarget;
  files: string[];
  /** The copy's fingerprint (fingerprint.ts); none with --all-tests. */
  fingerprint?: string;
  /** The test that caught the mutant on this very copy last time: the first wave runs it alone. */
  alone?: string;
  /** On this very copy last time, the test caught the mutant only in its file's order: the first wave runs that file in full. */
  inOrder?: true;
}

export function mutantTargetName(exercise: Exercise, mutant: Mutant): string {
  return `${exercise.folder}:mutant:${mutant.name}`;
}

/**
 * With --all-tests, today's full run: each mutant's sources stand in for the exercise's
 * src/ and each of its test files runs in a fresh thread. Otherwise each runs its own copy
 * (copies.ts), in threads shared with the other copies.
 */
export function mutantRuns(exercise: Exercise, mutants: readonly Mutant[], options: MutantRunOptions): MutantRun[] {
  if (options.allTests) return mutants.map((mutant) => ({ target: { name: mutantTargetName(exercise, mutant), exercise, sources: mutant.dir }, files: exercise.testFiles }));
  return mutants
    .filter((mutant) => !options.flagged(mutant))
    .map((mutant) => {
      const name = mutantTargetName(exercise, mutant);
      const own = mutant.exercise;
      const killer = options.killers[name];
      const files = likeliestFirst(testFilesReaching(own, mutant.dir, mutant.files), own, mutant, killer?.file, options.estimates);
      const firstFailure = path.join(options.caught, `${exercise.folder}--${mutant.name}`);
      const print = fingerprint(own.dir, options.kitPrint);
      const sameCopy = killer !== undefined && killer.fingerprint === print && files.some((file) => testFileKey(own, file) === killer.file);
      const recorded = sameCopy ? (killer.inOrder ? { inOrder: true as const } : { alone: killer.test }) : {};
      return { target: { name, exercise: own, firstFailure }, files, fingerprint: print, ...recorded };
    });
}

/** The first wave: every file with --all-tests, else each mutant's likeliest killer (alone, the test that caught it last time). */
export function firstWave(runs: readonly MutantRun[], allTests: boolean): TestTarget[] {
  if (allTests) return runs.map(({ target, files }) => withFiles(target, files));
  return runs.map(({ target, files, alone }) => withFiles(alone === undefined ? target : { ...target, only: alone }, files.slice(0, 1)));
}

/** The second wave, for the mutants the first wave did not catch: the files it did not run in full. */
export function secondWave(runs: readonly MutantRun[], allTests: boolean, outcomes: ReadonlyMap<string, TargetOutcome>): TestTarget[] {
  if (allTests) return [];
  const rest = ({ files, alone }: MutantRun) => (alone === undefined ? files.slice(1) : files);
  return runs.filter((run) => rest(run).length > 0 && !isCaught(outcomes.get(run.target.name))).map((run) => withFiles(run.target, rest(run)));
}

/** Caught as the verdict counts it: a failing test or a problem of the run. */
export function isCaught(outcome: TargetOutcome | undefined): boolean {
  return outcome !== undefined && (outcome.problems.length > 0 || outcome.tests.some((test) => test.state === 'failed'));
}

/**
 * The test that caught the mutant, first in its file's order, to run alone next time on
 * the same copy; marked in order when, run alone, it passed (or was so marked before).
 */
export function killerOf(root: string, run: MutantRun, outcome: TargetOutcome | undefined): Killer | undefined {
  const failed = outcome?.tests.find((test) => test.state === 'failed');
  if (failed === undefined || failed.file === '' || run.fingerprint === undefined) return undefined;
  const test = failed.path.join(' > ');
  const passedAlone = run.alone === test && (outcome?.tests ?? []).some((result) => result.state === 'passed' && result.path.join(' > ') === test);
  return { file: testFileKey(run.target.exercise, path.resolve(root, failed.file)), test, fingerprint: run.fingerprint, ...(run.inOrder || passedAlone ? { inOrder: true as const } : {}) };
}

/**
 * The file that caught it last time; then a file named after a file the patch changes
 * (pagination.ts, pagination.test.ts); then the shortest, the cheapest to try.
 */
function likeliestFirst(files: readonly string[], exercise: Exercise, mutant: Mutant, killer: string | undefined, estimates: Readonly<Record<string, number>>): string[] {
  const changed = new Set(mutant.files.map((file) => path.basename(file).replace(/\.[cm]?[jt]s$/, '')));
  const rank = (file: string): number => {
    if (testFileKey(exercise, file) === killer) return 0;
    return changed.has(path.basename(file).replace(/\.test\.[cm]?[jt]s$/, '')) ? 1 : 2;
  };
  const estimate = (file: string): number => estimates[testFileKey(exercise, file)] ?? Number.MAX_SAFE_INTEGER;
  return [...files].sort((a, b) => rank(a) - rank(b) || estimate(a) - estimate(b));
}

function withFiles(target: TestTarget, testFiles: string[]): TestTarget {
  return { ...target, exercise: { ...target.exercise, testFiles } };
}

/**
 * A mutant's first failing test writes its mark, and the mutant's other tests are skipped
 * once it is there. When that test's result is lost (its file was run again after a hang
 * or a crash elsewhere in the run), the file's second run skipped every test and the
 * mutant looked as if it had got past nothing: the mark itself says which test caught it.
 */
export function withMarkedFailures(runs: readonly MutantRun[], outcomes: Map<string, TargetOutcome>): Map<string, TargetOutcome> {
  for (const { target } of runs) {
    const outcome = outcomes.get(target.name) ?? { tests: [], problems: [] };
    const mark = target.firstFailure === undefined ? undefined : readMark(target.firstFailure);
    if (mark === undefined || isCaught(outcome)) continue;
    const message = 'failed; its result was lost when its file ran again after an interruption, and the mark it left says so';
    const failed: TestResult = { task: null, file: '', path: [mark], name: mark, state: 'failed', durationMs: 0, failure: { message } };
    outcomes.set(target.name, { ...outcome, tests: [...outcome.tests, failed] });
  }
  return outcomes;
}

function readMark(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8') || undefined;
  } catch {
    return undefined;
  }
}

/**
 * A fresh folder for this run's marks, removed by the caller when the run ends: a mark
 * left by another run, earlier or at the same time, would skip every test of its mutant.
 */
export function caughtDir(root: string): string {
  const parent = cacheDir(root, 'selfcheck');
  mkdirSync(parent, { recursive: true });
  return mkdtempSync(path.join(parent, 'caught-'));
}
