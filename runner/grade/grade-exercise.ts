// Scores one exercise's CheckResult: each task's points shared among its tests
// (points.ts), nothing for a task one of whose test files did not load, and a status and
// message per test, task and exercise in the terms every grade format uses.
import path from 'node:path';
import { inspect } from 'node:util';
import type { CheckResult, RunProblem, TestResult } from '../check/results.js';
import type { Exercise } from '../course/exercise.js';
import { relativeToRoot } from '../paths.js';
import { cleanText } from './clean-text.js';
import { isHiddenTest } from './hidden-tests.js';
import { GRADE_MESSAGES } from './messages.js';
import { addPoints, inHundredths, splitPoints } from './points.js';
import { tasksDeclaredIn } from './task-files.js';
import { testCodeReader, type TestCodeReader } from './test-code.js';
import type { GradedExercise, GradedTask, GradedTest, GradeStatus } from './types.js';

export function gradeExercise(root: string, exercise: Exercise, checked: CheckResult): GradedExercise {
  const result = cleanResult(checked, root);
  const readCode = testCodeReader();
  const voided = tasksWithoutResults(root, exercise, result.tests);
  const hang = result.problems.find((problem) => problem.kind === 'hang' || problem.kind === 'crash');
  const tests: GradedTest[] = [];
  const tasks = exercise.tasks.map((task): GradedTask => {
    const own = result.tests.filter((test) => test.task === task.number);
    const shares = splitPoints(inHundredths(task.points), own.length);
    const missing = voided.get(task.number);
    const graded = own.map((test, index) => gradeTest(exercise.id, test, shares[index] ?? 0, hang, missing === undefined, codeOf(root, test, readCode)));
    tests.push(...graded);
    return summariseTask(task.number, task.title, inHundredths(task.points), graded, missing);
  });
  tests.push(...result.tests.filter((test) => test.task === null).map((test) => gradeTest(exercise.id, test, 0, hang, false, codeOf(root, test, readCode))));
  const status: GradeStatus = result.tests.length === 0 ? 'error' : result.passed ? 'pass' : 'fail';
  const message = exerciseMessage(result, status);
  return {
    id: exercise.id,
    slug: exercise.slug,
    folder: exercise.folder,
    title: exercise.title,
    status,
    ...(message ? { message } : {}),
    tasks,
    tests,
    typeErrors: result.typeErrors,
    violations: result.violations,
    problems: result.problems,
    points: addPoints(tasks),
    durationMs: result.durationMs,
  };
}

/** Tasks of test files that yielded no test at all, with those files: their other tests cannot stand for the whole task. */
function tasksWithoutResults(root: string, exercise: Exercise, tests: readonly TestResult[]): Map<number, string[]> {
  const seen = new Set(tests.map((test) => test.file));
  const voided = new Map<number, string[]>();
  for (const file of exercise.testFiles) {
    const relative = relativeToRoot(root, file);
    if (seen.has(relative)) continue;
    const tasks = tasksDeclaredIn(file) ?? exercise.tasks.map((task) => task.number);
    for (const task of tasks) voided.set(task, [...(voided.get(task) ?? []), relative]);
  }
  return voided;
}

/** Everything a report may quote, with paths relative to the repository and no raw error JSON or colour codes. */
function cleanResult(result: CheckResult, root: string): CheckResult {
  const clean = (text: string) => cleanText(text, root);
  const cleanValue = (value: unknown) => (value === undefined ? undefined : clean(asText(value)));
  return {
    ...result,
    typeErrors: result.typeErrors.map((error) => ({ ...error, message: clean(error.message) })),
    problems: result.problems.map((problem) => ({ ...problem, message: clean(problem.message) })),
    tests: result.tests.map((test) => ({
      ...test,
      ...(test.output === undefined ? {} : { output: clean(test.output) }),
      ...(test.failure === undefined
        ? {}
        : { failure: { ...test.failure, message: clean(asText(test.failure.message)), ...optionalText('expected', cleanValue(test.failure.expected)), ...optionalText('actual', cleanValue(test.failure.actual)) } }),
    })),
  };
}

function optionalText<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

/** A hidden test's code stays with the instructor. */
function codeOf(root: string, test: TestResult, readCode: TestCodeReader): string | undefined {
  return isHiddenTest(test.file) ? undefined : readCode(path.join(root, test.file), test.path);
}

function gradeTest(exerciseId: string, test: TestResult, share: number, hang: RunProblem | undefined, counts: boolean, code: string | undefined): GradedTest {
  const { status, message } = statusOf(test, hang);
  return {
    exerciseId,
    task: test.task,
    file: test.file,
    path: test.path,
    name: test.name,
    status,
    ...(message !== undefined ? { message } : {}),
    ...(test.failure?.expected !== undefined ? { expected: asText(test.failure.expected) } : {}),
    ...(test.failure?.actual !== undefined ? { actual: asText(test.failure.actual) } : {}),
    ...(test.failure?.location ? { location: test.failure.location } : {}),
    ...(test.output ? { output: test.output } : {}),
    ...(code !== undefined ? { code } : {}),
    hidden: isHiddenTest(test.file),
    points: { earned: status === 'pass' && counts ? share : 0, possible: share },
    durationMs: test.durationMs,
  };
}

/** vitest hands some assertions' values over as objects (a thrown error), though typed as text. */
function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  const message = (value as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : inspect(value, { depth: 3, breakLength: Infinity });
}

/** A test that did not run earns nothing and is an error; the one a hang stopped in is the learner's failure. */
function statusOf(test: TestResult, hang: RunProblem | undefined): { status: GradeStatus; message?: string } {
  if (test.state === 'passed') return { status: 'pass' };
  if (test.state === 'failed') return { status: 'fail', message: asText(test.failure?.message ?? 'the test failed') };
  if (hang && hang.file === test.file) {
    if (hang.test === test.name) return { status: 'fail', message: hang.message };
    if (hang.test !== undefined) return { status: 'error', message: GRADE_MESSAGES.notRunAfterHang(hang.test) };
  }
  return { status: 'error', message: GRADE_MESSAGES.notRun };
}

function summariseTask(number: number, title: string, possible: number, tests: readonly GradedTest[], missingFiles: string[] | undefined): GradedTask {
  const passed = tests.filter((test) => test.status === 'pass').length;
  const base = { number, title, passed, total: tests.length, hidden: tests.filter((test) => test.hidden).length };
  if (missingFiles !== undefined) return { ...base, status: 'error', message: GRADE_MESSAGES.fileDidNotLoad(missingFiles.join(', ')), points: { earned: 0, possible } };
  if (tests.length === 0) return { ...base, status: 'error', message: GRADE_MESSAGES.noTestsRan, points: { earned: 0, possible } };
  return { ...base, status: passed === tests.length ? 'pass' : 'fail', points: { earned: addPoints(tests).earned, possible } };
}

function exerciseMessage(result: CheckResult, status: GradeStatus): string | undefined {
  if (status === 'pass') return undefined;
  const parts = [
    ...(result.typeErrors.length > 0 ? [GRADE_MESSAGES.typeErrors(result.typeErrors.length)] : []),
    ...(result.violations.length > 0 ? [GRADE_MESSAGES.ruleFindings(result.violations.length)] : []),
    ...result.problems.map((problem) => (problem.file ? `${problem.file}: ${problem.message}` : problem.message)),
  ];
  return parts.length > 0 ? parts.join('; ') : undefined;
}
