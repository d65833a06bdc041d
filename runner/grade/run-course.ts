// Checks every exercise of a course in one go: one typecheck, one vitest run for all
// exercises side by side, the static rules, then one CheckResult per exercise as
// `npm run check` builds it. A hang stops a vitest run; the files it kept from running
// are run again without the hung one, so one endless loop costs one exercise's file,
// not the whole grade.
import { checkExercise, filesToTypecheck } from '../check/check-exercise.js';
import type { CheckResult, RunProblem } from '../check/results.js';
import { runStaticRules } from '../check/static-rules.js';
import type { TargetOutcome } from '../check/test-collect.js';
import { TestSession, type TestTarget } from '../check/test-run.js';
import { typecheck } from '../check/typecheck.js';
import type { Exercise } from '../course/exercise.js';
import { relativeToRoot } from '../paths.js';

/** A busy machine (a class graded in parallel) must not turn a slow test into a false hang. */
const GRADE_GRACE_MS = 15_000;

interface Pending {
  exercise: Exercise;
  /** Absolute paths of the test files still to run. */
  files: string[];
}

export async function checkCourse(root: string, course: readonly Exercise[]): Promise<CheckResult[]> {
  const typeErrors = typecheck(root, 'grade', course.flatMap(filesToTypecheck));
  const outcomes = runUntilSettled(root, course);
  return Promise.all(
    course.map((exercise) =>
      checkExercise(root, exercise, {
        typecheck: async () => (await typeErrors).filter((error) => error.file.startsWith(`${relativeToRoot(root, exercise.dir)}/`)),
        // In this thread: ts-morph is loaded once for every exercise, not once per worker.
        rules: (rules, dir) => runStaticRules(root, rules, dir),
        tests: async () => (await outcomes).get(exercise.folder) ?? { tests: [], problems: [] },
      }),
    ),
  );
}

export async function runUntilSettled(root: string, course: readonly Exercise[], graceMs = GRADE_GRACE_MS): Promise<Map<string, TargetOutcome>> {
  const merged = new Map<string, TargetOutcome>(course.map((exercise) => [exercise.folder, { tests: [], problems: [] }]));
  let pending: Pending[] = course.map((exercise) => ({ exercise, files: exercise.testFiles }));
  while (pending.length > 0) {
    const targets: TestTarget[] = pending.map(({ exercise, files }) => ({ name: exercise.folder, exercise: { ...exercise, testFiles: files } }));
    const { outcomes, ended } = await runOnce(root, targets, graceMs);
    const hang = findHang(outcomes);
    for (const [name, outcome] of outcomes) {
      const settled = hang === undefined ? undefined : new Set([...(ended.get(name) ?? []), ...(hang.target === name ? [hang.file] : [])]);
      mergeInto(merged.get(name), outcome, settled);
    }
    if (hang === undefined) break;
    pending = targets
      .map(({ name, exercise }) => ({ exercise, files: exercise.testFiles.filter((file) => !isSettled(root, file, name, ended, hang)) }))
      .filter((item) => item.files.length > 0);
  }
  return merged;
}

/**
 * The files that ended are read before the session closes: closing after a hang cancels
 * the files still queued, and vitest reports those as ended too, with no test run.
 */
async function runOnce(root: string, targets: readonly TestTarget[], graceMs: number): Promise<{ outcomes: Map<string, TargetOutcome>; ended: Map<string, Set<string>> }> {
  const live = new Map<string, Set<string>>();
  const session = await TestSession.open(root, targets, {
    graceMs,
    onFileDone: (target, file) => live.set(target, (live.get(target) ?? new Set()).add(relativeToRoot(root, file))),
  });
  try {
    const outcomes = await session.run();
    return { outcomes, ended: new Map([...live].map(([target, files]) => [target, new Set(files)])) };
  } finally {
    await session.close();
  }
}

interface Hang {
  target: string;
  file: string;
}

function findHang(outcomes: Map<string, TargetOutcome>): Hang | undefined {
  for (const [target, outcome] of outcomes) {
    const problem = outcome.problems.find((item) => item.kind === 'hang' && item.file !== undefined);
    if (problem?.file !== undefined) return { target, file: problem.file };
  }
  return undefined;
}

function isSettled(root: string, file: string, target: string, ended: Map<string, Set<string>>, hang: Hang): boolean {
  const relative = relativeToRoot(root, file);
  return (ended.get(target)?.has(relative) ?? false) || (hang.target === target && hang.file === relative);
}

/** Keeps the tests of the files that settled in this run (all of them when nothing hung). */
function mergeInto(into: TargetOutcome | undefined, outcome: TargetOutcome, settled: Set<string> | undefined): void {
  if (!into) return;
  into.tests.push(...outcome.tests.filter((test) => settled === undefined || settled.has(test.file)));
  for (const problem of outcome.problems) if (!into.problems.some((known) => sameProblem(known, problem))) into.problems.push(problem);
}

function sameProblem(a: RunProblem, b: RunProblem): boolean {
  return a.kind === b.kind && a.file === b.file && a.message === b.message;
}
