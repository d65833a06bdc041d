// The result GitHub Classroom's autograding reporter (classroom-resources/
// autograding-grading-reporter) reads: base64 of {version: 1, status, max_score, tests:
// [{name, status, score, message, test_code, filename, line_no, execution_time}]}, set as
// a step output named `result`. It adds up the tests' scores against max_score, so each
// entry here is one task, scored with the points the task earned.
import type { GradedExercise, GradedTask, GradeReport } from '../grade/types.js';
import { toPoints } from '../grade/types.js';

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

const MESSAGE_LIMIT = 1_000;

export function classroomResult(report: GradeReport): ClassroomResult {
  return {
    version: 1,
    status: report.status,
    max_score: toPoints(report.points.possible),
    tests: [...report.exercises.flatMap((exercise) => exercise.tasks.map((task) => taskEntry(exercise, task))), tamperEntry(report)],
  };
}

/** The value of the `result` output. */
export function formatClassroomResult(report: GradeReport): string {
  return Buffer.from(JSON.stringify(classroomResult(report)), 'utf8').toString('base64');
}

function taskEntry(exercise: GradedExercise, task: GradedTask): ClassroomTest {
  const tests = exercise.tests.filter((test) => test.task === task.number);
  const firstFailure = tests.find((test) => test.status !== 'pass');
  const counted = `${task.passed} of ${task.total} tests pass`;
  const message = task.message ?? (firstFailure ? `${counted}; first failure: ${firstFailure.path.join(' › ')}: ${firstFailure.message ?? ''}` : counted);
  const seconds = tests.reduce((sum, test) => sum + test.durationMs, 0) / 1000;
  return {
    name: `${exercise.id} task ${task.number}: ${task.title}`,
    status: task.status,
    score: toPoints(task.points.earned),
    message: cut(message),
    test_code: `npm run check ${exercise.id.replace('exercise-', '')}`,
    filename: `exercises/${exercise.folder}/README.md`,
    line_no: 0,
    execution_time: `${seconds.toFixed(2)}s`,
  };
}

/** Worth nothing, but shown to instructor and learner alike. */
function tamperEntry(report: GradeReport): ClassroomTest {
  const { changed, deleted, markers } = report.tamper;
  const findings = [...changed.map((file) => `changed ${file}`), ...deleted.map((file) => `deleted ${file}`), ...markers.map((item) => `${item.marker} at ${item.file}:${item.line}`)];
  return {
    name: 'the course test files are unchanged',
    status: findings.length === 0 ? 'pass' : 'fail',
    score: 0,
    message: findings.length > 0 ? cut(`grading ran the pristine files; the learner ${findings.join(', ')}`) : report.pristine.kind === 'working-tree' ? 'not checked: there was no pristine copy of the course to compare with' : 'no test file was changed, skipped or deleted',
    test_code: '',
    filename: '',
    line_no: 0,
    execution_time: '0s',
  };
}

const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** The reporter prints messages to a log: plain text, bounded. */
function cut(text: string): string {
  const plain = text.replace(ANSI, '').replace(CONTROL, '');
  return plain.length <= MESSAGE_LIMIT ? plain : `${plain.slice(0, MESSAGE_LIMIT - 1)}…`;
}
