// The terminal reporter: what a learner reads after every check. The first failure is
// shown in full (expected, received, where); the rest as per-task counts.
import type { CheckResult, RunProblem, TaskResult, TestResult } from '../check/results.js';
import type { Overview, OverviewRow } from '../overview.js';
import type { ExerciseSelfCheck, SelfCheckReport } from '../selfcheck/types.js';
import type { Colors } from './colors.js';
import { MESSAGES } from './messages.js';
import type { Reporter } from './types.js';

const BAR_WIDTH = 30;
const OUTPUT_LINES = 12;

export function prettyReporter(c: Colors): Reporter {
  const tick = c.green('✓');
  const cross = c.red('✗');

  const taskLine = (task: TaskResult, width: number): string => {
    const done = task.total > 0 && task.passed === task.total;
    const mark = done ? tick : task.passed > 0 ? c.yellow('◐') : cross;
    const count = task.total === 0 ? c.dim(MESSAGES.notRun) : `${task.passed}/${task.total}`;
    return `  ${mark} task ${task.number}  ${task.title.padEnd(width)} ${count}`;
  };

  const failure = (test: TestResult): string[] => {
    const lines = [c.bold(`First failure: ${test.path.join(' › ')}`)];
    const where = test.failure?.location;
    if (where) lines.push(c.dim(`  at ${where.file}:${where.line}:${where.column}`));
    lines.push(...indent(test.failure?.message ?? 'the test failed'));
    if (test.failure?.expected !== undefined) lines.push(`  ${c.green('expected:')} ${test.failure.expected}`);
    if (test.failure?.actual !== undefined) lines.push(`  ${c.red('received:')} ${test.failure.actual}`);
    if (test.output) lines.push(c.dim('  your code printed:'), ...firstLines(test.output, OUTPUT_LINES).map((line) => c.dim(`    ${line}`)));
    return lines;
  };

  const problem = (item: RunProblem): string => `  ${cross} ${item.file ? `${item.file}: ` : ''}${item.message}`;

  const check = (result: CheckResult): string => {
    const lines = [c.bold(`${result.exerciseId} ${result.slug} — ${result.title}`), ''];
    if (result.typeErrors.length > 0) {
      lines.push(`${cross} typecheck: ${result.typeErrors.length} error${plural(result.typeErrors.length)}`);
      for (const error of result.typeErrors.slice(0, 5)) {
        lines.push(`  ${error.file}:${error.line}:${error.column} ${c.dim(error.code)} ${error.message}`);
        if (error.source) lines.push(c.dim(`    ${error.line} | ${error.source.trim()}`));
      }
      if (result.typeErrors.length > 5) lines.push(c.dim(`  … and ${result.typeErrors.length - 5} more`));
    } else lines.push(`${tick} typecheck`);
    if (result.violations.length > 0) {
      lines.push(`${cross} static rules: ${result.violations.length} finding${plural(result.violations.length)}`);
      for (const violation of result.violations) {
        lines.push(`  ${violation.file}:${violation.line} ${c.dim(violation.rule)} ${violation.message}`);
        lines.push(c.dim(`    why: ${violation.why}`));
      }
    } else lines.push(`${tick} static rules`);
    if (result.problems.length > 0) lines.push(`${cross} the test run stopped:`, ...result.problems.map(problem));
    const width = Math.max(...result.tasks.map((task) => task.title.length));
    lines.push('', c.bold('Tasks'), ...result.tasks.map((task) => taskLine(task, width)));
    const first = result.tests.find((test) => test.state === 'failed');
    if (first) lines.push('', ...failure(first));
    lines.push('', result.passed ? c.green(MESSAGES.passed(result.exerciseId)) : MESSAGES.hintPointer(result.exerciseId));
    return `${lines.join('\n')}\n`;
  };

  const overview = (data: Overview): string => {
    const done = data.rows.filter((row) => row.state === 'done').length;
    const lines = [c.bold(`backend-katas: ${done} of ${data.rows.length} exercises done`), ''];
    for (const row of data.rows) lines.push(overviewLine(c, row, row === data.current));
    const ratio = data.tasksTotal === 0 ? 0 : data.tasksPassed / data.tasksTotal;
    lines.push('', `${bar(c, ratio)} ${Math.round(ratio * 100)}% (${data.tasksPassed} of ${data.tasksTotal} tasks)`);
    lines.push(data.current ? MESSAGES.nextUp(data.current.id) : c.green(MESSAGES.allDone));
    return `${lines.join('\n')}\n`;
  };

  const selfcheck = (report: SelfCheckReport): string => {
    const stalls = report.stalls.map((stall) => `${cross} the run stopped in ${stall.target}, so later results are missing: ${stall.message}`);
    const lines = [...stalls, ...report.exercises.flatMap((exercise) => selfCheckLines(c, exercise))];
    const passed = report.exercises.filter((exercise) => exercise.ok).length;
    lines.push('', `selfcheck: ${passed} passed, ${report.exercises.length - passed} failed`);
    return `${lines.join('\n')}\n`;
  };

  return { check, overview, selfcheck };
}

function overviewLine(c: Colors, row: OverviewRow, current: boolean): string {
  const mark = row.state === 'done' ? c.green('✓') : row.state === 'in-progress' ? c.yellow('◐') : c.dim('·');
  const state = row.state === 'done' ? 'done' : row.state === 'in-progress' ? `${row.tasksPassed} of ${row.tasksTotal} tasks` : 'not started';
  const pointer = current ? c.cyan(' ← current') : '';
  return `  ${mark} ${row.id}  ${row.slug.padEnd(13)} ${row.title.padEnd(30)} ${state}${pointer}`;
}

function selfCheckLines(c: Colors, exercise: ExerciseSelfCheck): string[] {
  const mark = exercise.ok ? c.green('✓') : c.red('✗');
  const summary = [
    `starter fails ${exercise.starterFailingTasks.length}/${exercise.tasks} tasks`,
    exercise.solutionPasses ? `solution passes ${exercise.tests} tests` : c.red('solution fails'),
    `mutants killed ${exercise.mutantsKilled}/${exercise.mutants.length}`,
  ].join(' · ');
  const lines = [`${mark} ${exercise.id} ${exercise.slug.padEnd(13)} ${summary}`];
  for (const task of exercise.starterPassingTasks) lines.push(`    task ${task} passes on the starter: its stubs must throw, so that every task starts failing`);
  const failures = exercise.solutionFailures;
  for (const test of failures.tests.slice(0, 10)) lines.push(`    solution fails: ${test}`);
  for (const error of failures.typeErrors.slice(0, 10)) lines.push(`    type error: ${error.file}:${error.line}:${error.column} ${error.message}`);
  for (const violation of failures.violations) lines.push(`    solution breaks static rule ${violation.rule}: ${violation.file}:${violation.line}`);
  for (const item of failures.problems) lines.push(`    solution run: ${item.file ?? ''} ${item.message.split('\n')[0]}`);
  for (const mutant of exercise.mutants.filter((item) => !item.killed)) {
    lines.push(`    mutant survives: ${mutant.name} (${mutant.description})`);
    lines.push(`      it got past ${mutant.gotPast.length} tests${mutant.gotPast.length > 0 ? `, e.g. ${mutant.gotPast.slice(0, 3).join('; ')}` : ''}`);
  }
  for (const item of exercise.structure) lines.push(`    ${item}`);
  return lines;
}

/** The first lines of a long output, and the note that says how much was cut. */
function firstLines(output: string, count: number): string[] {
  const lines = output.trimEnd().split('\n');
  if (lines.length <= count) return lines;
  const note = lines.at(-1)?.startsWith('… (') ? [lines.at(-1) as string] : [];
  return [...lines.slice(0, count), `… (${lines.length - count - note.length} more lines)`, ...note];
}

function bar(c: Colors, ratio: number): string {
  const filled = Math.round(ratio * BAR_WIDTH);
  return `[${c.green('█'.repeat(filled))}${c.dim('░'.repeat(BAR_WIDTH - filled))}]`;
}

function indent(text: string): string[] {
  return text.split('\n').map((line) => `  ${line}`);
}

function plural(count: number): string {
  return count === 1 ? '' : 's';
}
