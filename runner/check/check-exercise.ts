// `npm run check <exercise>`: typecheck, static rules and tests side by side, then one
// CheckResult. Nothing here prints; reporters format the result.
import path from 'node:path';
import type { Exercise } from '../course/exercise.js';
import type { CheckResult, TaskResult, TestResult } from './results.js';
import { runStaticRules, stripSrc } from './static-rules.js';
import { runTests, type RunOptions } from './test-run.js';
import { typecheck } from './typecheck.js';

export async function checkExercise(root: string, exercise: Exercise, options: RunOptions = {}): Promise<CheckResult> {
  const started = Date.now();
  const learnerFiles = exercise.files.map((file) => path.join(exercise.srcDir, stripSrc(file)));
  const [typeErrors, violations, outcomes] = await Promise.all([
    typecheck(root, exercise.folder, [...learnerFiles, ...exercise.testFiles]),
    runStaticRules(root, exercise.rules, exercise.srcDir),
    runTests(root, [{ name: exercise.folder, exercise }], options),
  ]);
  const { tests, problems } = outcomes.get(exercise.folder) ?? { tests: [], problems: [] };
  const tasks = summariseTasks(exercise, tests);
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
    durationMs: Date.now() - started,
  };
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
