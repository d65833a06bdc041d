// `npm run check <exercise>`: typecheck, static rules and tests side by side, then one
// CheckResult. Nothing here prints; reporters format the result. Watch mode runs the
// same check with engines it keeps warm between saves.
import path from 'node:path';
import type { Exercise } from '../course/exercise.js';
import type { RuleRef } from '../course/manifest.js';
import { sourceNames } from '../course/variants.js';
import type { CheckResult, RuleViolation, TaskResult, TestResult, TypeDiagnostic } from './results.js';
import { runStaticRulesInWorker } from './static-rules-worker.js';
import { findMissingTests } from './missing-tests.js';
import { findOutsideImports } from './outside-imports.js';
import type { TargetOutcome } from './test-collect.js';
import { runSettled } from '../sandbox/run-settled.js';
import type { RunOptions } from './test-run.js';
import { typecheck } from './typecheck.js';

export interface CheckEngines {
  typecheck: (files: readonly string[]) => Promise<TypeDiagnostic[]>;
  rules: (rules: readonly RuleRef[], dir: string) => Promise<RuleViolation[]>;
  tests: () => Promise<TargetOutcome>;
}

export function coldEngines(root: string, exercise: Exercise, options: RunOptions = {}): CheckEngines {
  return {
    typecheck: (files) => typecheck(root, exercise.folder, files),
    rules: (rules, dir) => runStaticRulesInWorker(root, rules, dir),
    tests: async () => (await runSettled(root, [{ name: exercise.folder, exercise }], options)).get(exercise.folder) ?? { tests: [], problems: [] },
  };
}

/** `task`: only that task's tests ran (check --task N), so only that task is judged. */
export interface CheckScope {
  task?: number;
}

export async function checkExercise(root: string, exercise: Exercise, engines: CheckEngines = coldEngines(root, exercise), scope: CheckScope = {}): Promise<CheckResult> {
  const started = Date.now();
  const [typeErrors, ruleFindings, { tests: ran, problems: runProblems }] = await Promise.all([
    engines.typecheck(filesToTypecheck(exercise)),
    engines.rules(exercise.rules, exercise.srcDir),
    engines.tests(),
  ]);
  const violations = [...findOutsideImports(root, exercise), ...ruleFindings];
  // A file whose tests all belong to other tasks still ran: it is not "missing".
  const problems = [...runProblems, ...findMissingTests(root, exercise, ran, runProblems)];
  const tests = scope.task === undefined ? ran : ran.filter((test) => test.task === scope.task);
  tests.sort(byTaskThenFile(exercise));
  const tasks = summariseTasks(exercise, tests).filter((task) => scope.task === undefined || task.number === scope.task);
  const passed =
    typeErrors.length === 0 &&
    violations.length === 0 &&
    problems.length === 0 &&
    tasks.every((task) => task.total > 0 && task.passed === task.total);
  return {
    exerciseId: exercise.id,
    slug: exercise.slug,
    title: exercise.title,
    typeErrors,
    violations,
    tests,
    problems,
    tasks,
    passed,
    ...(scope.task === undefined ? {} : { onlyTask: scope.task }),
    durationMs: Date.now() - started,
  };
}

/**
 * The files of src/ (the learner's and the given ones, which a learner may have edited
 * too) and the tests: a test that needs an export the learner renamed is a type error too.
 */
export function filesToTypecheck(exercise: Exercise): string[] {
  return [...sourceNames(exercise).map((name) => path.join(exercise.srcDir, name)), ...exercise.testFiles];
}

/** Task order, then the manifest's file order: the "first failure" is the first the learner meets. */
export function byTaskThenFile(exercise: Exercise): (a: TestResult, b: TestResult) => number {
  const fileIndex = (test: TestResult) => exercise.tests.findIndex((file) => test.file.endsWith(file));
  return (a, b) => (a.task ?? Number.MAX_SAFE_INTEGER) - (b.task ?? Number.MAX_SAFE_INTEGER) || fileIndex(a) - fileIndex(b);
}

export function summariseTasks(exercise: Exercise, tests: readonly TestResult[]): TaskResult[] {
  return exercise.tasks.map((task) => {
    const own = tests.filter((test) => test.task === task.number);
    return {
      number: task.number,
      title: task.title,
      points: task.points,
      passed: own.filter((test) => test.state === 'passed').length,
      total: own.length,
    };
  });
}
