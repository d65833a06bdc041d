// The result GitHub Classroom's autograding reporter (classroom-resources/
// autograding-grading-reporter) reads: base64 of {version: 1, status, max_score, tests:
// [{name, status, score, message, test_code, filename, line_no, execution_time}]}, set as
// a step output named `result`.
//
// The reporter does two sums with one list. The points it records are the entries'
// `score`s added up; the table it prints is (entries with status `pass` / all entries) ×
// max_score. The two agree only when every entry is worth the same and earns all or
// nothing, so each task is cut into entries of one unit (a quarter point): a task worth
// 1 point is 4 entries, and a task that earned 0.6 passes 2 of them. Classroom therefore
// counts each task's points rounded down to a quarter, never more than it earned; a
// quarter is a binary fraction, so the sums carry no float noise either. The reporter
// prints `message` only for status `error` and prints `test_code` under every entry: the
// first unit a task lost is an `error` whose message says why, and what costs no points
// (type errors, rule findings, changed course files) goes in `test_code`.
import type { GradedExercise, GradedTask, GradeReport } from '../grade/types.js';
import { toPoints } from '../grade/types.js';
import { CLASSROOM_WORDS, TAMPER_CASE } from './messages.js';
import { plainText } from './plain-text.js';

export interface ClassroomTest {
  name: string;
  status: 'pass' | 'fail' | 'error';
  score: number;
  message: string;
  test_code: string;
  filename: string;
  line_no: number;
  execution_time: string;
}

export interface ClassroomResult {
  version: 1;
  status: 'pass' | 'fail' | 'error';
  max_score: number;
  tests: ClassroomTest[];
}

/** A quarter point, in hundredths: a binary fraction, so any sum of them is exact in floating point. */
const UNIT = 25;
const MESSAGE_LIMIT = 1_000;

export function classroomResult(report: GradeReport): ClassroomResult {
  const unit = unitOf(report);
  const tests = report.exercises.flatMap((exercise) => exerciseEntries(exercise, unit));
  const last = tests.at(-1);
  if (last) last.test_code = [last.test_code, tamperNote(report)].filter(Boolean).join('\n');
  return { version: 1, status: report.status, max_score: toPoints(report.points.possible), tests };
}

/** The value of the `result` output. */
export function formatClassroomResult(report: GradeReport): string {
  return Buffer.from(JSON.stringify(classroomResult(report)), 'utf8').toString('base64');
}

/** What Classroom records for a task: its points rounded down to whole units. */
export function classroomPoints(task: GradedTask, unit: number): number {
  return Math.floor(task.points.earned / unit) * unit;
}

/** A quarter point, or less when a task is worth a fraction a quarter does not divide (0.1 point). */
export function unitOf(report: GradeReport): number {
  return report.exercises.flatMap((exercise) => exercise.tasks).reduce((unit, task) => gcd(unit, task.points.possible), UNIT);
}

function exerciseEntries(exercise: GradedExercise, unit: number): ClassroomTest[] {
  const entries = exercise.tasks.flatMap((task) => taskEntries(exercise, task, unit));
  const first = entries[0];
  if (first) first.test_code = exerciseNotes(exercise);
  return entries;
}

function taskEntries(exercise: GradedExercise, task: GradedTask, unit: number): ClassroomTest[] {
  const count = task.points.possible / unit;
  const passing = classroomPoints(task, unit) / unit;
  const name = `${exercise.id} task ${task.number}: ${task.title}`;
  const seconds = exercise.tests.filter((test) => test.task === task.number).reduce((sum, test) => sum + test.durationMs, 0) / 1000;
  return Array.from({ length: count }, (_, index): ClassroomTest => ({
    name: count === 1 ? name : `${name} (${CLASSROOM_WORDS.part(index + 1, count)})`,
    status: index < passing ? 'pass' : index === passing ? 'error' : 'fail',
    score: index < passing ? toPoints(unit) : 0,
    message: index === passing ? cut(lossMessage(exercise, task, name, unit)) : '',
    test_code: '',
    filename: `exercises/${exercise.folder}/README.md`,
    line_no: 0,
    execution_time: `${index === 0 ? seconds.toFixed(2) : '0.00'}s`,
  }));
}

/** Printed as `Error: <message>` with no name beside it, so it names the task itself. */
function lossMessage(exercise: GradedExercise, task: GradedTask, name: string, unit: number): string {
  const tests = exercise.tests.filter((test) => test.task === task.number);
  const failure = tests.find((test) => test.status !== 'pass');
  const points = CLASSROOM_WORDS.points(toPoints(task.points.earned), toPoints(task.points.possible), toPoints(classroomPoints(task, unit)));
  const why = task.message ?? (failure ? CLASSROOM_WORDS.firstFailure(task.passed, task.total, failure.path.join(' › '), failure.message ?? '') : CLASSROOM_WORDS.counted(task.passed, task.total));
  return `❌ ${name}: ${points}. ${why}\n${CLASSROOM_WORDS.runIt(exercise.id)}`;
}

/** Costs no points but fails the exercise: shown under its first entry, whatever that entry's status. */
function exerciseNotes(exercise: GradedExercise): string {
  const lines = [
    ...exercise.typeErrors.map((error) => CLASSROOM_WORDS.typeError(exercise.id, `${error.file}:${error.line}:${error.column}`, error.code, error.message)),
    ...exercise.violations.map((violation) => CLASSROOM_WORDS.ruleFinding(exercise.id, `${violation.file}:${violation.line}`, violation.rule, violation.message)),
    ...exercise.problems.map((problem) => CLASSROOM_WORDS.problem(exercise.id, problem.file, problem.message)),
  ];
  return cut(lines.join('\n'));
}

function tamperNote(report: GradeReport): string {
  const { changed, deleted, markers } = report.tamper;
  const findings = [...changed.map((file) => `changed ${file}`), ...deleted.map((file) => `deleted ${file}`), ...markers.map((item) => `${item.marker} at ${item.file}:${item.line}`)];
  if (findings.length > 0) return cut(`${TAMPER_CASE}: no. ${CLASSROOM_WORDS.tampered(findings.join(', '))}`);
  if (report.pristine.kind === 'working-tree') return `${TAMPER_CASE}: ${CLASSROOM_WORDS.notChecked(report.pristine.version)}`;
  return `${TAMPER_CASE}: yes. ${CLASSROOM_WORDS.course(report.pristine.version)}`;
}

/** The reporter prints to a log: plain text, bounded. */
function cut(text: string): string {
  const plain = plainText(text);
  return plain.length <= MESSAGE_LIMIT ? plain : `${plain.slice(0, MESSAGE_LIMIT - 1)}…`;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
