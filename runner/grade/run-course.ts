// Checks every exercise of a course in one go: one typecheck, one vitest run for all
// exercises side by side, the static rules, then one CheckResult per exercise as
// `npm run check` builds it. A hang or a crash costs the test it happened in, nothing
// more (runner/sandbox/run-settled.ts).
import { checkExercise, filesToTypecheck } from '../check/check-exercise.js';
import type { CheckResult, RunProblem } from '../check/results.js';
import { runStaticRules } from '../check/static-rules.js';
import type { TargetOutcome } from '../check/test-collect.js';
import { typecheck } from '../check/typecheck.js';
import type { Exercise } from '../course/exercise.js';
import { relativeToRoot } from '../paths.js';
import { runSettled } from '../sandbox/run-settled.js';

/**
 * The same margin as `npm run check`: time is charged on a fair clock, so a busy machine
 * (a class graded in parallel) no longer needs a wider one, and grade and check agree.
 */
const GRADE_GRACE_MS = 2_000;

export const BUSY_RETRY = (files: readonly string[]) =>
  `the machine was too busy to judge ${files.join(', ')} with other files beside it: they ran again one at a time, and their grade is from that run`;

/** `notes` hears of anything about the run a grader should know (a file run again on a busy machine). */
export async function checkCourse(root: string, course: readonly Exercise[], notes: (note: string) => void = () => undefined): Promise<CheckResult[]> {
  const typeErrors = typecheck(root, 'grade', course.flatMap(filesToTypecheck));
  const outcomes = runUntilSettled(root, course, GRADE_GRACE_MS, (files) => notes(BUSY_RETRY(files)));
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

export async function runUntilSettled(
  root: string,
  course: readonly Exercise[],
  graceMs = GRADE_GRACE_MS,
  onBusyRetry?: (files: readonly string[]) => void,
): Promise<Map<string, TargetOutcome>> {
  return runSettled(root, course.map((exercise) => ({ name: exercise.folder, exercise })), { graceMs, ...(onBusyRetry ? { onBusyRetry } : {}) });
}
