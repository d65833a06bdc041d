// A GradeReport with everything a format must cope with: a pass, a failure with
// expected/received, a test that did not run, a hidden test, a type error, a rule
// finding, a run problem, tampering, long output, and text that XML and Markdown treat
// specially (<, &, |, quotes, terminal colour codes, control characters).
import { addPoints, splitPoints } from '../../../../runner/grade/points.js';
import type { GradedExercise, GradedTest, GradeReport } from '../../../../runner/grade/types.js';

const LONG_OUTPUT = `${'log line with <tags> & "quotes"\n'.repeat(40)}end`;

function test(overrides: Partial<GradedTest> & Pick<GradedTest, 'name' | 'status' | 'task'>): GradedTest {
  return {
    exerciseId: 'exercise-01',
    file: 'exercises/01-greet/tests/greet.test.ts',
    path: [`task ${overrides.task ?? 0}: greet by name`, overrides.name],
    hidden: false,
    points: { earned: 0, possible: 50 },
    durationMs: 12,
    ...overrides,
  };
}

export function sampleExercise(): GradedExercise {
  const tests: GradedTest[] = [
    test({ name: 'greets a name', status: 'pass', task: 1, points: { earned: 50, possible: 50 }, code: "expect(greet('Ada')).toBe('Hello, Ada!');" }),
    test({
      name: 'trims the name | with a pipe',
      status: 'fail',
      task: 1,
      message: "surrounding spaces: expected 'Hello,  Ada !' to be 'Hello, Ada!' \u001b[31m<&>\u001b[39m \u0007bell",
      expected: "'Hello, Ada!'",
      actual: "'Hello,  Ada !'",
      location: { file: 'exercises/01-greet/tests/greet.test.ts', line: 9, column: 74 },
      output: LONG_OUTPUT,
    }),
    test({
      name: 'gives a generic message',
      status: 'error',
      task: 2,
      path: ['task 2: describe an error', 'gives a generic message'],
      message: 'this test did not run',
      points: { earned: 0, possible: 100 },
    }),
    test({
      name: 'hides the stack in a hidden test',
      status: 'pass',
      task: 2,
      path: ['task 2: describe an error', 'hides the stack in a hidden test'],
      file: 'exercises/01-greet/tests/hidden/extra.test.ts',
      hidden: true,
      points: { earned: 100, possible: 100 },
    }),
  ];
  return {
    id: 'exercise-01',
    slug: 'greet',
    folder: '01-greet',
    title: 'Greeter & <friends>',
    status: 'fail',
    message: '1 type error; 1 static-rule finding',
    tasks: [
      { number: 1, title: 'Greet by name', status: 'fail', passed: 1, total: 2, hidden: 0, points: { earned: 50, possible: 100 } },
      { number: 2, title: 'Describe an error', status: 'fail', passed: 1, total: 2, hidden: 1, points: { earned: 100, possible: 200 } },
    ],
    tests,
    typeErrors: [{ file: 'exercises/01-greet/src/greet.ts', line: 10, column: 14, code: 'TS2322', message: "Type 'string' is not assignable to type 'number'.", source: "export const broken: number = 'text';" }],
    violations: [{ rule: 'no-stack-in-response', file: 'exercises/01-greet/src/greet.ts', line: 7, message: 'a stack trace goes into a response', why: 'it tells an attacker about your code' }],
    problems: [{ kind: 'left-open', file: 'exercises/01-greet/tests/greet.test.ts', message: 'a server is still listening' }],
    points: { earned: 150, possible: 300 },
    durationMs: 1234,
  };
}

export function sampleReport(overrides: Partial<GradeReport> = {}): GradeReport {
  const exercise = sampleExercise();
  return {
    status: 'fail',
    pristine: { kind: 'folder', label: '/srv/course', version: '1.2.0+0123456789ab' },
    warnings: [],
    tamper: {
      changed: ['exercises/01-greet/tests/greet.test.ts'],
      deleted: ['exercises/01-greet/tests/other.test.ts'],
      markers: [{ file: 'exercises/01-greet/tests/greet.test.ts', line: 8, marker: '.skip', source: "it.skip('trims the name', () => {" }],
    },
    hiddenFiles: ['exercises/01-greet/tests/hidden/extra.test.ts'],
    exercises: [exercise],
    points: exercise.points,
    gradedAt: '2026-01-02T03:04:05.678Z',
    durationMs: 5_432,
    ...overrides,
  };
}

/**
 * One exercise whose task N has one test per entry of passes[N-1], each passing or not,
 * worth points[N-1] hundredths (100 unless given), shared as grading shares them.
 */
export function reportWithPasses(passes: readonly (readonly boolean[])[], points: readonly number[] = []): GradeReport {
  const tasks = passes.map((results, index) => {
    const number = index + 1;
    const shares = splitPoints(points[index] ?? 100, results.length);
    const tests = results.map((passed, at): GradedTest => test({ name: `test ${at + 1}`, status: passed ? 'pass' : 'fail', task: number, path: [`task ${number}: task ${number}`, `test ${at + 1}`], ...(passed ? {} : { message: 'wrong' }), points: { earned: passed ? (shares[at] ?? 0) : 0, possible: shares[at] ?? 0 } }));
    const passed = results.filter(Boolean).length;
    return { task: { number, title: `Task ${number}`, status: passed === results.length ? ('pass' as const) : ('fail' as const), passed, total: results.length, hidden: 0, points: addPoints(tests) }, tests };
  });
  const exercise: GradedExercise = { ...sampleExercise(), tasks: tasks.map((item) => item.task), tests: tasks.flatMap((item) => item.tests), typeErrors: [], violations: [], problems: [], points: addPoints(tasks.map((item) => item.task)) };
  return sampleReport({ exercises: [exercise], points: exercise.points, tamper: { changed: [], deleted: [], markers: [] } });
}
