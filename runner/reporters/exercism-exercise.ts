// One exercise's results.json exactly as Exercism's test-runner interface defines it
// (exercism/docs, building/tooling/test-runners/interface.md, version 3): an exercise is
// what Exercism runs a test runner on, so task_id names one of its tasks. Nothing beyond
// the interface's keys: points and grading's extras live in the course-wide results.json.
import type { GradedExercise, GradedTest } from '../grade/types.js';
import { GRADE_MESSAGES } from '../grade/messages.js';
import { cutOutput, testCode, testMessage } from './exercism.js';
import { plainText } from './plain-text.js';

const MESSAGE_LIMIT = 65_535;

export interface ExercismExerciseTest {
  name: string;
  test_code: string;
  status: 'pass' | 'fail' | 'error';
  message: string | null;
  output: string | null;
  task_id?: number;
}

export interface ExercismExerciseResults {
  version: 3;
  status: 'pass' | 'fail' | 'error';
  message: string | null;
  tests?: ExercismExerciseTest[];
}

/** Where the file goes, under the output folder: exercism/01-greet/results.json. */
export function exercismResultsPath(exercise: GradedExercise): string {
  return `exercism/${exercise.folder}/results.json`;
}

export function formatExercismExercise(exercise: GradedExercise): string {
  return `${JSON.stringify(exercismExercise(exercise), null, 2)}\n`;
}

export function exercismExercise(exercise: GradedExercise): ExercismExerciseResults {
  // TypeScript is a compiled language here: code that does not compile is an error, as the
  // interface asks, with the compiler's own words, even though vitest ran it without types.
  if (exercise.typeErrors.length > 0) return { version: 3, status: 'error', message: cut(exercise.typeErrors.map((error) => `${error.file}(${error.line},${error.column}): error ${error.code}: ${error.message}`).join('\n')) };
  const tests = [...exercise.tests.map(toTest), ...findingTests(exercise)];
  if (tests.length === 0 || tests.every((test) => test.status === 'error')) {
    return { version: 3, status: 'error', message: cut(exercise.message ?? exercise.tasks.find((task) => task.message)?.message ?? GRADE_MESSAGES.noTestsRan) };
  }
  return { version: 3, status: tests.every((test) => test.status === 'pass') ? 'pass' : 'fail', message: null, tests };
}

function toTest(test: GradedTest): ExercismExerciseTest {
  return {
    name: test.path.join(' › '),
    test_code: testCode(test),
    status: test.status,
    message: testMessage(test),
    output: test.output === undefined ? null : cutOutput(plainText(test.output)),
    ...(test.task === null ? {} : { task_id: test.task }),
  };
}

/** Rule findings and run problems fail the exercise; as failing tests, Exercism shows them and the status says fail. */
function findingTests(exercise: GradedExercise): ExercismExerciseTest[] {
  return [
    ...exercise.violations.map((violation): ExercismExerciseTest => ({ name: `static rule ${violation.rule} at ${violation.file}:${violation.line}`, test_code: '', status: 'fail', message: plainText(`${violation.message}\nwhy: ${violation.why}`), output: null })),
    ...exercise.problems.map((problem): ExercismExerciseTest => ({ name: `${problem.kind}${problem.file ? ` in ${problem.file}` : ''}`, test_code: '', status: 'error', message: plainText(problem.message), output: null })),
  ];
}

function cut(text: string): string {
  const plain = plainText(text);
  return plain.length <= MESSAGE_LIMIT ? plain : `${plain.slice(0, MESSAGE_LIMIT - 1)}…`;
}
