// Gradescope's autograder results.json (https://gradescope-autograders.readthedocs.io/en/
// latest/specs/, "Output format"): a top-level score, and tests each with a name, number,
// score, max_score, status, output, output_format, visibility and tags. One entry per
// task with the points its tests earned; a task's hidden tests get an entry of their own,
// shown after the due date unless the instructor says otherwise, so a learner does not see
// them fail before then. Type errors, rule findings and the course files check cost no
// points: they are 0-point entries that say what is wrong. Outputs are Markdown.
import type { GradedExercise, GradedTask, GradedTest, GradeReport } from '../grade/types.js';
import { toPoints } from '../grade/types.js';
import { GRADESCOPE_WORDS, TAMPER_CASE } from './messages.js';
import { plainText } from './plain-text.js';

export const GRADESCOPE_VISIBILITIES = ['hidden', 'after_due_date', 'after_published', 'visible'] as const;
export type GradescopeVisibility = (typeof GRADESCOPE_VISIBILITIES)[number];

export interface GradescopeTest {
  name: string;
  number: string;
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
  output: string;
  output_format: 'md';
  visibility: GradescopeVisibility;
  tags: string[];
}

export interface GradescopeResults {
  score: number;
  execution_time: number;
  output: string;
  output_format: 'md';
  test_output_format: 'md';
  test_name_format: 'text';
  extra_data: { course_version: string; course_source: string; graded_at: string };
  tests: GradescopeTest[];
}

export interface GradescopeOptions {
  /** When the entries of the instructor's hidden tests show. */
  hiddenVisibility?: GradescopeVisibility;
}

const FAILURE_LIMIT = 2_000;

export function gradescopeResults(report: GradeReport, options: GradescopeOptions = {}): GradescopeResults {
  const hiddenVisibility = options.hiddenVisibility ?? 'after_due_date';
  return {
    score: toPoints(report.points.earned),
    execution_time: Math.round(report.durationMs / 1000),
    output: GRADESCOPE_WORDS.summary(toPoints(report.points.earned), toPoints(report.points.possible), report.pristine.version, report.message),
    output_format: 'md',
    test_output_format: 'md',
    test_name_format: 'text',
    extra_data: { course_version: report.pristine.version, course_source: report.pristine.kind, graded_at: report.gradedAt },
    tests: [...report.exercises.flatMap((exercise) => exerciseEntries(exercise, hiddenVisibility)), tamperEntry(report)],
  };
}

export function formatGradescope(report: GradeReport, options: GradescopeOptions = {}): string {
  return `${JSON.stringify(gradescopeResults(report, options), null, 2)}\n`;
}

function exerciseEntries(exercise: GradedExercise, hiddenVisibility: GradescopeVisibility): GradescopeTest[] {
  const number = String(Number(exercise.id.replace('exercise-', '')));
  return [
    ...exercise.tasks.flatMap((task) => taskEntries(exercise, task, `${number}.${task.number}`, hiddenVisibility)),
    ...(exercise.typeErrors.length + exercise.violations.length + exercise.problems.length > 0 ? [findingsEntry(exercise, `${number}.0`)] : []),
  ];
}

function taskEntries(exercise: GradedExercise, task: GradedTask, number: string, hiddenVisibility: GradescopeVisibility): GradescopeTest[] {
  const tests = exercise.tests.filter((test) => test.task === task.number);
  const hidden = tests.filter((test) => test.hidden);
  const hiddenPossible = hidden.reduce((sum, test) => sum + test.points.possible, 0);
  const name = `${exercise.id} task ${task.number}: ${task.title}`;
  const base = { output_format: 'md' as const, tags: [exercise.id] };
  const visible = tests.filter((test) => !test.hidden);
  const visiblePossible = task.points.possible - hiddenPossible;
  // A task made only of hidden tests has nothing to show before they do.
  const entries: GradescopeTest[] =
    visible.length === 0 && visiblePossible === 0 ? [] : [{ ...base, name, number, ...scores(visible, visiblePossible), output: taskOutput(exercise, task, visible, false), visibility: 'visible' }];
  if (hidden.length > 0) entries.push({ ...base, name: `${name} ${GRADESCOPE_WORDS.hiddenSuffix}`, number: `${number}.h`, ...scores(hidden, hiddenPossible), output: taskOutput(exercise, task, hidden, true), visibility: hiddenVisibility });
  return entries;
}

/** A task's voided file or missing tests leave every test at 0 earned: the scores say so already. */
function scores(tests: readonly GradedTest[], possible: number): Pick<GradescopeTest, 'score' | 'max_score' | 'status'> {
  const earned = tests.reduce((sum, test) => sum + test.points.earned, 0);
  return { score: toPoints(earned), max_score: toPoints(possible), status: earned === possible ? 'passed' : 'failed' };
}

function taskOutput(exercise: GradedExercise, task: GradedTask, tests: readonly GradedTest[], hidden: boolean): string {
  const passed = tests.filter((test) => test.status === 'pass').length;
  const failure = tests.find((test) => test.status !== 'pass');
  const lines = [GRADESCOPE_WORDS.passed(passed, tests.length, hidden)];
  if (task.message && !hidden) lines.push('', plainText(task.message));
  if (failure) lines.push('', GRADESCOPE_WORDS.firstFailure(failure.path.join(' › ')), '', fence(failureText(failure)));
  if (!hidden && passed < tests.length) lines.push('', GRADESCOPE_WORDS.runIt(exercise.id));
  return lines.join('\n');
}

function failureText(test: GradedTest): string {
  const text = [test.message ?? '', ...(test.expected !== undefined ? [`expected: ${test.expected}`] : []), ...(test.actual !== undefined ? [`received: ${test.actual}`] : [])].join('\n');
  return text.length <= FAILURE_LIMIT ? text : `${text.slice(0, FAILURE_LIMIT - 1)}…`;
}

function findingsEntry(exercise: GradedExercise, number: string): GradescopeTest {
  const lines = [
    GRADESCOPE_WORDS.findings,
    '',
    ...exercise.typeErrors.map((error) => `- type error ${error.code} at \`${error.file}:${error.line}:${error.column}\`: ${inline(error.message)}`),
    ...exercise.violations.map((violation) => `- static rule \`${violation.rule}\` at \`${violation.file}:${violation.line}\`: ${inline(violation.message)} (${inline(violation.why)})`),
    ...exercise.problems.map((problem) => `- ${problem.kind}${problem.file ? ` in \`${problem.file}\`` : ''}: ${inline(problem.message)}`),
  ];
  return { name: GRADESCOPE_WORDS.findingsName(exercise.id), number, score: 0, max_score: 0, status: 'failed', output: lines.join('\n'), output_format: 'md', visibility: 'visible', tags: [exercise.id] };
}

function tamperEntry(report: GradeReport): GradescopeTest {
  const { changed, deleted, markers } = report.tamper;
  const findings = [...changed.map((file) => `- changed \`${file}\``), ...deleted.map((file) => `- deleted \`${file}\``), ...markers.map((item) => `- \`${item.marker}\` added at \`${item.file}:${item.line}\``)];
  const output = findings.length > 0 ? [GRADESCOPE_WORDS.tampered, '', ...findings].join('\n') : GRADESCOPE_WORDS.untampered(report.pristine.version);
  return { name: TAMPER_CASE, number: '0', score: 0, max_score: 0, status: findings.length > 0 ? 'failed' : 'passed', output, output_format: 'md', visibility: 'visible', tags: ['grading'] };
}

/** A fence longer than any run of backticks inside, so learner text cannot close it. */
function fence(text: string): string {
  const plain = plainText(text);
  const longest = Math.max(2, ...[...plain.matchAll(/`+/g)].map((match) => match[0].length));
  const marks = '`'.repeat(longest + 1);
  return `${marks}\n${plain}\n${marks}`;
}

function inline(text: string): string {
  return plainText(text).split('\n')[0] ?? '';
}
