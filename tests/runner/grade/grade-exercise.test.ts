// Scoring one exercise's check result: shares, hidden tests, tests that did not run, a
// hang, and a test file that never loaded.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckResult, TestResult } from '../../../runner/check/results.js';
import type { Exercise } from '../../../runner/course/exercise.js';
import { gradeExercise } from '../../../runner/grade/grade-exercise.js';

const root = mkdtempSync(path.join(tmpdir(), 'katas-grade-exercise-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const dir = path.join(root, 'exercises', '01-greet');
mkdirSync(path.join(dir, 'tests', 'hidden'), { recursive: true });
writeFileSync(path.join(dir, 'tests', 'a.test.ts'), "describe('task 1: a', () => {});\n");
writeFileSync(path.join(dir, 'tests', 'b.test.ts'), "describe('task 2: b', () => {});\ndescribe(\"task 3: c\", () => {});\n");
writeFileSync(path.join(dir, 'tests', 'hidden', 'h.test.ts'), "describe('task 1: a', () => {});\n");

const exercise: Exercise = {
  order: 1,
  slug: 'greet',
  title: 'Greeter',
  summary: '',
  files: ['src/greet.ts'],
  given: [],
  tests: ['tests/a.test.ts', 'tests/b.test.ts', 'tests/hidden/h.test.ts'],
  tasks: [
    { number: 1, title: 'A', points: 1 },
    { number: 2, title: 'B', points: 2 },
    { number: 3, title: 'C', points: 1 },
  ],
  rules: [],
  limits: { testTimeoutMs: 1000, runTimeoutMs: 10000, heapMb: 2048 },
  id: 'exercise-01',
  folder: '01-greet',
  dir,
  srcDir: path.join(dir, 'src'),
  starterDir: path.join(dir, 'starter'),
  solutionDir: path.join(root, 'solutions', '01-greet'),
  mutantsDir: path.join(root, 'tests', 'mutants', '01-greet'),
  readmeFile: path.join(dir, 'README.md'),
  hintsFile: path.join(dir, 'hints.md'),
  testFiles: ['tests/a.test.ts', 'tests/b.test.ts', 'tests/hidden/h.test.ts'].map((file) => path.join(dir, file)),
};

function result(task: number, name: string, state: TestResult['state'], file = 'exercises/01-greet/tests/a.test.ts'): TestResult {
  return { task, file, path: [`task ${task}: x`, name], name, state, durationMs: 1, ...(state === 'failed' ? { failure: { message: `${name} failed`, expected: '1', actual: { message: 'an object' } as unknown as string } } : {}) };
}

function check(tests: TestResult[], problems: CheckResult['problems'] = []): CheckResult {
  return { exerciseId: 'exercise-01', slug: 'greet', title: 'Greeter', typeErrors: [], violations: [], tests, problems, tasks: [], passed: false, durationMs: 5 };
}

describe('gradeExercise', () => {
  it('shares each task\'s points among its tests, hidden ones included, and earns the shares of the passing ones', () => {
    const graded = gradeExercise(root, exercise, check([
      result(1, 'one', 'passed'),
      result(1, 'two', 'failed'),
      result(1, 'hidden', 'passed', 'exercises/01-greet/tests/hidden/h.test.ts'),
      result(2, 'three', 'passed', 'exercises/01-greet/tests/b.test.ts'),
      result(3, 'four', 'skipped', 'exercises/01-greet/tests/b.test.ts'),
    ]));
    expect(graded.tasks.map((task) => [task.number, task.status, task.points, task.hidden])).toEqual([
      [1, 'fail', { earned: 67, possible: 100 }, 1],
      [2, 'pass', { earned: 200, possible: 200 }, 0],
      [3, 'fail', { earned: 0, possible: 100 }, 0],
    ]);
    expect(graded.points).toEqual({ earned: 267, possible: 400 });
    expect(graded.tests.map((test) => [test.name, test.status, test.points.earned, test.hidden])).toEqual([
      ['one', 'pass', 34, false],
      ['two', 'fail', 0, false],
      ['hidden', 'pass', 33, true],
      ['three', 'pass', 200, false],
      ['four', 'error', 0, false],
    ]);
    expect(graded.tests[1]).toMatchObject({ message: 'two failed', expected: '1', actual: 'an object' });
    expect(graded.tests[4]?.message).toBe('this test did not run');
  });

  it('gives nothing for the tasks of a test file that did not load, though the task\'s other tests pass', () => {
    const graded = gradeExercise(root, exercise, check([result(1, 'one', 'passed'), result(1, 'hidden', 'passed', 'exercises/01-greet/tests/hidden/h.test.ts')], [{ kind: 'load', file: 'exercises/01-greet/tests/b.test.ts', message: 'boom at import' }]));
    expect(graded.tasks.map((task) => [task.number, task.status, task.points.earned])).toEqual([
      [1, 'pass', 100],
      [2, 'error', 0],
      [3, 'error', 0],
    ]);
    expect(graded.tasks[1]?.message).toBe("exercises/01-greet/tests/b.test.ts did not load: this task's tests could not all run, so none of them count");
    expect(graded.status).toBe('fail');
    expect(graded.message).toBe('exercises/01-greet/tests/b.test.ts: boom at import');
  });

  it('fails the test a hang stopped in with the hang\'s message, and marks the ones after it as not run', () => {
    const hang = { kind: 'hang' as const, file: 'exercises/01-greet/tests/a.test.ts', test: 'two', message: 'the test "two" was still running after 16 s' };
    const graded = gradeExercise(root, exercise, check([result(1, 'one', 'passed'), result(1, 'two', 'skipped'), result(1, 'three', 'skipped')], [hang]));
    expect(graded.tests.map((test) => [test.name, test.status, test.message])).toEqual([
      ['one', 'pass', undefined],
      ['two', 'fail', 'the test "two" was still running after 16 s'],
      ['three', 'error', 'this test did not run: the test "two" before it never finished'],
    ]);
  });

  it('is an error, with nothing earned, when no test ran at all', () => {
    const graded = gradeExercise(root, exercise, check([], [{ kind: 'load', file: 'exercises/01-greet/tests/a.test.ts', message: 'syntax error' }]));
    expect(graded.status).toBe('error');
    expect(graded.points).toEqual({ earned: 0, possible: 400 });
  });
});
