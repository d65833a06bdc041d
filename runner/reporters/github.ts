// GitHub Actions: the job summary (Markdown, for $GITHUB_STEP_SUMMARY) and workflow
// commands that annotate the failing lines (`::error file=...,line=...::message`).
// GitHub shows at most 10 error annotations a step: they go to as many exercises as
// possible, one each in turn, each exercise's best first (a line of the learner's own
// code, then a line of a test, then a file, then none), and a notice says how many more
// there are.
import type { GradedExercise, GradedTest, GradeReport, GradeStatus, Points, PristineKind } from '../grade/types.js';
import { toPoints } from '../grade/types.js';

/** Where the course that graded the work came from, as the job summary says it. */
const COURSE_SOURCES: Record<PristineKind, string> = {
  folder: "the instructor's course (--course)",
  lock: "this repository's course files, each matching course.lock.json",
  'working-tree': "the instructor's own repository",
};

const MAX_ERRORS = 10;
const MARK: Record<GradeStatus, string> = { pass: '✅', fail: '❌', error: '⚠️' };

export function formatJobSummary(report: GradeReport): string {
  const lines = [
    `## backend-katas grade: ${pointsText(report.points)} points (${percent(report.points)})`,
    '',
    '| | Exercise | Points | Tests passed | Notes |',
    '| --- | --- | ---: | ---: | --- |',
    ...report.exercises.map(exerciseRow),
    '',
    ...report.exercises.flatMap(taskDetails),
    ...tamperSection(report),
    ...report.warnings.map((warning) => `> **Warning:** ${cell(warning)}`),
    ...(report.hiddenFiles.length > 0 ? ['', `Hidden tests added: ${report.hiddenFiles.length} file(s).`] : []),
    '',
    `Graded with course ${report.pristine.version}: ${COURSE_SOURCES[report.pristine.kind]}.`,
  ];
  return `${lines.join('\n')}\n`;
}

function exerciseRow(exercise: GradedExercise): string {
  const passed = exercise.tests.filter((test) => test.status === 'pass').length;
  return `| ${MARK[exercise.status]} | ${exercise.id} ${cell(exercise.slug)} | ${pointsText(exercise.points)} | ${passed}/${exercise.tests.length} | ${cell(exercise.message ?? '')} |`;
}

function taskDetails(exercise: GradedExercise): string[] {
  return [
    `<details><summary>${exercise.id} ${html(exercise.title)}: ${pointsText(exercise.points)} points</summary>`,
    '',
    '| | Task | Points | Tests passed |',
    '| --- | --- | ---: | ---: |',
    ...exercise.tasks.map((task) => `| ${MARK[task.status]} | ${task.number}. ${cell(task.title)} | ${pointsText(task.points)} | ${task.passed}/${task.total}${task.message ? ` (${cell(task.message)})` : ''} |`),
    '',
    '</details>',
    '',
  ];
}

function tamperSection(report: GradeReport): string[] {
  const { changed, deleted, markers } = report.tamper;
  if (changed.length + deleted.length + markers.length === 0) return [];
  return [
    '### Course files the learner changed',
    '',
    'Grading ran the pristine versions; these changes did not affect the grade.',
    '',
    ...changed.map((file) => `- changed: \`${file}\``),
    ...deleted.map((file) => `- deleted: \`${file}\``),
    ...markers.map((item) => `- \`${item.marker}\` added at \`${item.file}:${item.line}\`: \`${item.source.replace(/`/g, "'")}\``),
    '',
  ];
}

/** Workflow commands, one a line, errors first (capped), then warnings for tampering. */
export function formatAnnotations(report: GradeReport): string[] {
  const perExercise = report.exercises.map((exercise) => exerciseAnnotations(exercise).sort((a, b) => a.rank - b.rank));
  const chosen = chooseInTurn(perExercise, MAX_ERRORS);
  const shown = perExercise.flatMap((annotations) => annotations.filter((annotation) => chosen.has(annotation)).map((annotation) => annotation.line));
  const more = perExercise.reduce((sum, annotations) => sum + annotations.length, 0) - shown.length;
  return [
    ...shown,
    ...(more > 0 ? [command('notice', { title: 'More failures' }, `${more} more failure(s): see the job summary and junit.xml`)] : []),
    ...report.tamper.changed.map((file) => command('warning', { file, title: 'Course file changed' }, 'this file differs from the pristine course; grading used the pristine version')),
    ...report.tamper.deleted.map((file) => command('warning', { title: 'Course file deleted' }, `${file} was deleted; grading used the pristine version`)),
    ...report.tamper.markers.map((item) => command('warning', { file: item.file, line: String(item.line), title: `${item.marker} added` }, `${item.marker} keeps a test from counting; grading ran the pristine test file`)),
  ];
}

interface Annotation {
  line: string;
  /** 0: a line of the learner's code, 1: a line of a test, 2: a file only, 3: nowhere. */
  rank: number;
}

/**
 * Round after round, one annotation from each exercise that has one left, the better placed
 * first within a round, until `limit`: ten failures of one exercise never hide the others.
 */
function chooseInTurn(perExercise: readonly Annotation[][], limit: number): Set<Annotation> {
  const chosen = new Set<Annotation>();
  for (let round = 0; chosen.size < limit; round += 1) {
    const candidates = perExercise.flatMap((annotations) => annotations.slice(round, round + 1));
    if (candidates.length === 0) break;
    for (const annotation of [...candidates].sort((a, b) => a.rank - b.rank).slice(0, limit - chosen.size)) chosen.add(annotation);
  }
  return chosen;
}

function exerciseAnnotations(exercise: GradedExercise): Annotation[] {
  const firstPerTask = exercise.tasks.flatMap((task) => exercise.tests.filter((test) => test.task === task.number && test.status !== 'pass').slice(0, 1));
  return [
    ...exercise.typeErrors.map((error) => annotation({ file: error.file, line: String(error.line), col: String(error.column), title: `${exercise.id} type error ${error.code}` }, error.message)),
    ...exercise.violations.map((violation) => annotation({ file: violation.file, line: String(violation.line), title: `${exercise.id} static rule ${violation.rule}` }, `${violation.message} (${violation.why})`)),
    ...exercise.problems.map((problem) => annotation({ ...locationOf(problem.file), title: `${exercise.id} test run` }, problem.message)),
    ...firstPerTask.map((test) => annotation({ ...testPlace(test), title: `${exercise.id} ${test.path.join(' › ')}` }, test.message ?? 'failed')),
  ];
}

/** Where a failing test points: where it failed, else its file; a hidden test's file is not the learner's to open. */
function testPlace(test: GradedTest): Record<string, string> {
  if (test.hidden) return {};
  if (test.location) return { file: test.location.file, line: String(test.location.line), col: String(test.location.column) };
  return { file: test.file };
}

function annotation(properties: Record<string, string>, message: string): Annotation {
  const file = properties.file;
  const rank = file === undefined ? 3 : properties.line === undefined ? 2 : /\/tests\//.test(file) ? 1 : 0;
  return { line: command('error', properties, message), rank };
}

/** A problem's file may carry a position: `path:line:col`. */
function locationOf(file: string | undefined): Record<string, string> {
  if (file === undefined) return {};
  const match = /^(.*?):(\d+):(\d+)$/.exec(file);
  return match ? { file: match[1] ?? '', line: match[2] ?? '', col: match[3] ?? '' } : { file };
}

/** https://docs.github.com/actions/reference/workflow-commands-for-github-actions: data and properties are escaped differently. */
function command(kind: string, properties: Record<string, string>, message: string): string {
  const props = Object.entries(properties).map(([key, value]) => `${key}=${escapeProperty(value)}`).join(',');
  return `::${kind}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function pointsText(points: Points): string {
  return `${toPoints(points.earned)} / ${toPoints(points.possible)}`;
}

function percent(points: Points): string {
  return points.possible === 0 ? '0%' : `${Math.round((points.earned / points.possible) * 100)}%`;
}

/** A Markdown table cell: one line, no pipes, no HTML. */
function cell(value: string): string {
  return html(value.split('\n')[0] ?? '').replace(/\|/g, '\\|');
}

function html(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
