// results.json in the shape of Exercism's test-runner interface, version 3
// (https://exercism.org/docs/building/tooling/test-runners/interface): status, message,
// and per test name, test_code, status, message, output (at most 500 characters) and
// task_id. One document for the whole course, extended, under keys Exercism does not use,
// with points and what grading saw: the class report and the untouched-exercise reuse read
// it. The interface proper, one results.json per exercise, is exercism-exercise.ts.
import type { GradedExercise, GradedTask, GradedTest, GradeReport, Points } from '../grade/types.js';
import { toPoints } from '../grade/types.js';
import { GRADE_MESSAGES } from '../grade/messages.js';
import type { ExercismExerciseTest } from './exercism-exercise.js';
import { plainText } from './plain-text.js';

export const EXERCISM_OUTPUT_LIMIT = 500;
const MESSAGE_LIMIT = 65_535;

/** The interface's test, with what grading adds under keys Exercism does not use. */
export interface ExercismTest extends ExercismExerciseTest {
  exercise: string;
  file: string;
  hidden: boolean;
  points: Points;
}

export function formatExercismResults(report: GradeReport): string {
  const document = {
    version: 3,
    status: report.status,
    message: report.message === undefined ? null : cut(report.message, MESSAGE_LIMIT),
    tests: report.exercises.flatMap((exercise) => exercise.tests.map(toTest)),
    points: points(report.points),
    exercises: report.exercises.map(toExercise),
    tamper: report.tamper,
    pristine: report.pristine,
    hidden_files: report.hiddenFiles,
    warnings: report.warnings,
    graded_at: report.gradedAt,
    duration_ms: report.durationMs,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function toTest(test: GradedTest): ExercismTest {
  return {
    name: [test.exerciseId, ...test.path].join(' › '),
    test_code: testCode(test),
    status: test.status,
    message: testMessage(test),
    output: test.output === undefined ? null : cutOutput(plainText(test.output)),
    ...(test.task === null ? {} : { task_id: test.task }),
    exercise: test.exerciseId,
    file: test.file,
    hidden: test.hidden,
    points: points(test.points),
  };
}

/** The test's own code; a hidden test's code stays with the instructor. */
export function testCode(test: GradedTest): string {
  if (test.hidden) return `// a hidden test of ${test.exerciseId}, run only when grading`;
  // A name built at run time (it.each): the file and the command are the way to the code.
  return test.code ?? `// ${test.file}: ${test.path.join(' › ')}\n// run it: npm run check ${test.exerciseId.replace('exercise-', '')}`;
}

/** What a learner reads when a test did not pass: its message, then what was expected and received. */
export function testMessage(test: GradedTest): string | null {
  if (test.status === 'pass') return null;
  return plainText([test.message ?? '', ...(test.expected !== undefined ? [`expected: ${test.expected}`] : []), ...(test.actual !== undefined ? [`received: ${test.actual}`] : [])].join('\n'));
}

function toExercise(exercise: GradedExercise) {
  return {
    id: exercise.id,
    slug: exercise.slug,
    title: exercise.title,
    status: exercise.status,
    message: exercise.message ?? null,
    points: points(exercise.points),
    tasks: exercise.tasks.map(toTask),
    type_errors: exercise.typeErrors.map((error) => ({ file: error.file, line: error.line, column: error.column, code: error.code, message: error.message })),
    rule_findings: exercise.violations.map((violation) => ({ rule: violation.rule, file: violation.file, line: violation.line, message: violation.message })),
    problems: exercise.problems,
    duration_ms: exercise.durationMs,
    // Left exactly as handed out: graded once for the class, on the pristine copy.
    untouched: exercise.untouched === true,
  };
}

function toTask(task: GradedTask) {
  return { task_id: task.number, title: task.title, status: task.status, message: task.message ?? null, passed: task.passed, total: task.total, hidden: task.hidden, points: points(task.points) };
}

function points(value: Points): Points {
  return { earned: toPoints(value.earned), possible: toPoints(value.possible) };
}

/** Exercism's limit: what does not fit is cut, and the output says so. */
export function cutOutput(output: string): string {
  if (output.length <= EXERCISM_OUTPUT_LIMIT) return output;
  const note = `\n${GRADE_MESSAGES.outputCut}`;
  return `${output.slice(0, EXERCISM_OUTPUT_LIMIT - note.length)}${note}`;
}

function cut(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
