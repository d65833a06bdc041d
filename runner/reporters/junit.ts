// JUnit XML as common CI test reporters read it (GitHub test-report actions, GitLab,
// Jenkins, Azure): one <testsuite> per exercise, one <testcase> per test with
// classname "exercise-NN.task N: ...", plus the typecheck, static rules and run problems
// as failing cases, so nothing that costs the learner is invisible there. Valid against
// the strictest common schema, Jenkins xUnit's junit-10.xsd: it has no testcase@file and
// no testsuites@skipped, so a case's file goes where reporters that read stack traces look
// for it, as the last line of its failure: `at <file>:<line>:<column>`.
import type { GradedExercise, GradedTest, GradeReport } from '../grade/types.js';
import { toPoints } from '../grade/types.js';
import { TAMPER_CASE } from './messages.js';

interface Case {
  classname: string;
  name: string;
  seconds: number;
  outcome?: { kind: 'failure' | 'error'; message: string; type: string; details: string };
  output?: string;
}

export function formatJUnit(report: GradeReport): string {
  const suites = [...report.exercises.map(exerciseSuite), gradingSuite(report)];
  const all = suites.flatMap((suite) => suite.cases);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${attributes({ name: 'backend-katas grade', ...counts(all, false), time: seconds(report.durationMs) })}>`,
    ...suites.flatMap((suite) => suiteLines(suite.name, suite.properties, suite.cases, report.gradedAt)),
    '</testsuites>',
  ];
  return `${lines.join('\n')}\n`;
}

interface Suite {
  name: string;
  properties: Record<string, string>;
  cases: Case[];
}

function exerciseSuite(exercise: GradedExercise): Suite {
  const cases: Case[] = [
    ...exercise.tests.map((test) => testCase(exercise, test)),
    ...exercise.typeErrors.map((error): Case => failing(`${exercise.id}.typecheck`, `${error.file}:${error.line}:${error.column} ${error.code}`, error.message, 'TypeError', `${error.message}\n${error.source}\nat ${error.file}:${error.line}:${error.column}`)),
    ...exercise.violations.map((violation): Case => failing(`${exercise.id}.static rules`, `${violation.rule} at ${violation.file}:${violation.line}`, violation.message, violation.rule, `${violation.message}\nwhy: ${violation.why}\nat ${violation.file}:${violation.line}`)),
    ...exercise.problems.map((problem): Case => ({ classname: `${exercise.id}.run`, name: `${problem.kind}${problem.file ? ` in ${problem.file}` : ''}`, seconds: 0, outcome: { kind: 'error', message: firstLine(problem.message), type: problem.kind, details: `${problem.message}${problem.file ? `\nat ${problem.file}` : ''}` } })),
  ];
  const properties = {
    'points.earned': String(toPoints(exercise.points.earned)),
    'points.possible': String(toPoints(exercise.points.possible)),
    ...Object.fromEntries(exercise.tasks.map((task) => [`task ${task.number} points`, `${toPoints(task.points.earned)}/${toPoints(task.points.possible)}`])),
  };
  return { name: `${exercise.id} ${exercise.slug}: ${exercise.title}`, properties, cases };
}

function testCase(exercise: GradedExercise, test: GradedTest): Case {
  const task = test.path.length > 1 ? test.path.slice(0, -1).join(' › ') : 'no task';
  // A hidden test's file is not in the learner's repository: no place to point at.
  const where = test.location ? `\nat ${test.location.file}:${test.location.line}:${test.location.column}` : test.hidden ? '' : `\nat ${test.file}`;
  const details = [test.message ?? '', test.expected !== undefined ? `expected: ${test.expected}` : '', test.actual !== undefined ? `received: ${test.actual}` : ''].filter(Boolean).join('\n') + where;
  return {
    classname: `${exercise.id}.${task}`,
    name: test.name,
    seconds: test.durationMs / 1000,
    ...(test.status === 'pass' ? {} : { outcome: { kind: test.status === 'fail' ? 'failure' : 'error', message: firstLine(test.message ?? ''), type: test.status === 'fail' ? 'AssertionError' : 'NotRun', details } }),
    ...(test.output ? { output: test.output } : {}),
  };
}

/** Tampering as a case of its own: a CI reporter shows it beside the tests. */
function gradingSuite(report: GradeReport): Suite {
  const { changed, deleted, markers } = report.tamper;
  const findings = [...changed.map((file) => `changed: ${file}`), ...deleted.map((file) => `deleted: ${file}`), ...markers.map((item) => `${item.marker} at ${item.file}:${item.line}: ${item.source}`)];
  const cases: Case[] = [
    findings.length === 0
      ? { classname: 'grading', name: TAMPER_CASE, seconds: 0 }
      : failing('grading', TAMPER_CASE, `${findings.length} change(s) to the course files: grading used the pristine ones`, 'Tampering', findings.join('\n')),
  ];
  return { name: 'grading', properties: { 'course.version': report.pristine.version, 'course.source': report.pristine.kind, 'points.earned': String(toPoints(report.points.earned)), 'points.possible': String(toPoints(report.points.possible)) }, cases };
}

function failing(classname: string, name: string, message: string, type: string, details: string): Case {
  return { classname, name, seconds: 0, outcome: { kind: 'failure', message: firstLine(message), type, details } };
}

function suiteLines(name: string, properties: Record<string, string>, cases: readonly Case[], timestamp: string): string[] {
  const time = cases.reduce((sum, item) => sum + item.seconds, 0);
  return [
    `  <testsuite ${attributes({ name, ...counts(cases), time: time.toFixed(3), timestamp: timestamp.replace(/\.\d+Z$/, '') })}>`,
    '    <properties>',
    ...Object.entries(properties).map(([key, value]) => `      <property ${attributes({ name: key, value })}/>`),
    '    </properties>',
    ...cases.flatMap(caseLines),
    '  </testsuite>',
  ];
}

function caseLines(item: Case): string[] {
  const head = `    <testcase ${attributes({ classname: item.classname, name: item.name, time: item.seconds.toFixed(3) })}`;
  if (!item.outcome && !item.output) return [`${head}/>`];
  const body = [
    ...(item.outcome ? [`      <${item.outcome.kind} ${attributes({ message: item.outcome.message, type: item.outcome.type })}>${text(item.outcome.details)}</${item.outcome.kind}>`] : []),
    ...(item.output ? [`      <system-out>${text(item.output)}</system-out>`] : []),
  ];
  return [`${head}>`, ...body, '    </testcase>'];
}

/** <testsuites> has no `skipped` in junit-10.xsd; <testsuite> has. */
function counts(cases: readonly Case[], withSkipped = true): Record<string, string> {
  return {
    tests: String(cases.length),
    failures: String(cases.filter((item) => item.outcome?.kind === 'failure').length),
    errors: String(cases.filter((item) => item.outcome?.kind === 'error').length),
    ...(withSkipped ? { skipped: '0' } : {}),
  };
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? '';
}

function attributes(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([key, value]) => `${key}="${escape(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;')}"`)
    .join(' ');
}

function text(value: string): string {
  return escape(value);
}

const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
// Characters XML 1.0 does not allow at all, even escaped (terminal control codes from learner output).
const NOT_XML = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function escape(value: string): string {
  return value.replace(ANSI, '').replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
