// The terminal reporter: what a learner reads after every check. Each task with its
// count and the names of its failing tests; one failure in full, from the task the
// learner is on (focus.ts), wrapped to the terminal's width (failure-text.ts).
import type { CheckResult, RunProblem, TaskResult, TestResult } from '../check/results.js';
import type { Overview, OverviewRow } from '../overview.js';
import { describeSeeds } from '../selfcheck/seed-list.js';
import type { ExerciseSeedSweep, ExerciseSelfCheck, SeedBreak, SeedSweepReport, SelfCheckReport } from '../selfcheck/types.js';
import type { Colors } from './colors.js';
import { failureParts, foldLines, wrapText } from './failure-text.js';
import { failureToShow, isComplete } from './focus.js';
import { MESSAGES } from './messages.js';
import type { Reporter } from './types.js';

const BAR_WIDTH = 30;
const OUTPUT_LINES = 12;
/** Failing tests named under a task; the rest are counted. */
const NAMES_PER_TASK = 4;
/** When the terminal does not say (output to a pipe or a file). */
const DEFAULT_WIDTH = 100;

/** `inWatch`: the learner presses h for a hint rather than typing a command. */
export function prettyReporter(c: Colors, columns: number | undefined = undefined, { inWatch = false } = {}): Reporter {
  const width = columns !== undefined && columns > 0 ? columns : DEFAULT_WIDTH;
  const tick = c.green('✓');
  const cross = c.red('✗');

  const taskLine = (task: TaskResult, width: number): string => {
    const done = task.total > 0 && task.passed === task.total;
    const mark = done ? tick : task.passed > 0 ? c.yellow('◐') : cross;
    const count = task.total === 0 ? c.dim(MESSAGES.notRun) : `${task.passed}/${task.total}`;
    return `  ${mark} task ${task.number}  ${task.title.padEnd(width)} ${count}`;
  };

  const failingNames = (result: CheckResult, task: TaskResult): string[] => {
    if (isComplete(task)) return [];
    const names = result.tests.filter((test) => test.task === task.number && test.state === 'failed').map((test) => test.path.slice(1).join(' › '));
    const shown = names.slice(0, NAMES_PER_TASK).flatMap((name) => wrapText(name, width, '        ').map((line, index) => (index === 0 ? `      ✗ ${line.trimStart()}` : line)));
    const more = names.length > NAMES_PER_TASK ? [c.dim(`      ${MESSAGES.moreFailing(names.length - NAMES_PER_TASK)}`)] : [];
    return [...shown.map((line) => c.dim(line)), ...more];
  };

  const failure = (test: TestResult): string[] => {
    const lines = wrapText(`${MESSAGES.failureHeading}${test.path.join(' › ')}`, width).map((line) => c.bold(line));
    const where = test.failure?.location;
    if (where) lines.push(c.dim(`  at ${where.file}:${where.line}:${where.column}`));
    const parts = failureParts(test.failure ?? { message: MESSAGES.testFailed }, width - 12);
    if (parts.explanation !== undefined) lines.push(...foldLines(wrapText(parts.explanation, width, '  ')));
    if (parts.sentence !== undefined) lines.push(...wrapText(parts.sentence, width, '  '));
    if (parts.expected !== undefined) lines.push(...labelled(c.green('expected:'), parts.expected));
    if (parts.received !== undefined) lines.push(...labelled(c.red('received:'), parts.received));
    if (test.output) lines.push(c.dim('  your code printed:'), ...firstLines(test.output, OUTPUT_LINES).flatMap((line) => wrapText(line, width, '    ')).map((line) => c.dim(line)));
    return lines;
  };

  const labelled = (label: string, value: string): string[] => {
    const [first = '', ...rest] = wrapText(value, width - 12);
    return [`  ${label} ${first}`, ...rest.map((line) => `            ${line}`)];
  };

  // Wrapped like failures: a hang's explanation runs to 300 characters.
  const problem = (item: RunProblem): string[] => {
    const [first = '', ...rest] = wrapText(`${item.file ? `${item.file}: ` : ''}${item.message}`, width - 4);
    return [`  ${cross} ${first}`, ...rest.map((line) => `    ${line}`), ...(item.count ? [c.dim(`    (${item.count} times)`)] : [])];
  };

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
        const [first = '', ...rest] = wrapText(`${violation.file}:${violation.line} ${violation.rule} ${violation.message}`, width - 2);
        lines.push(`  ${first.replace(` ${violation.rule} `, ` ${c.dim(violation.rule)} `)}`, ...rest.map((line) => `  ${line}`));
        lines.push(...wrapText(`why: ${violation.why}`, width, '    ').map((line) => c.dim(line)));
      }
    } else lines.push(`${tick} static rules`);
    if (result.problems.length > 0) lines.push(`${cross} the test run stopped:`, ...result.problems.flatMap(problem));
    const titleWidth = Math.max(...result.tasks.map((task) => task.title.length));
    lines.push('', c.bold(result.onlyTask === undefined ? 'Tasks' : MESSAGES.onlyTask(result.onlyTask)));
    for (const task of result.tasks) lines.push(taskLine(task, titleWidth), ...failingNames(result, task));
    const shown = failureToShow(result);
    if (shown) lines.push('', ...failure(shown));
    const passedText = result.onlyTask === undefined ? MESSAGES.passed(result.exerciseId) : MESSAGES.taskPassed(result.exerciseId, result.onlyTask);
    lines.push('', result.passed ? c.green(passedText) : (inWatch ? MESSAGES.hintKey : MESSAGES.hintPointer(result.exerciseId)));
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
    const stalls = report.stalls.map((stall) => `${cross} not judged in ${stall.target}: ${stall.message}`);
    const lines = [...stalls, ...report.exercises.flatMap((exercise) => selfCheckLines(c, exercise))];
    const passed = report.exercises.filter((exercise) => exercise.ok).length;
    lines.push('', `selfcheck: ${passed} passed, ${report.exercises.length - passed} failed`);
    return `${lines.join('\n')}\n`;
  };

  const seeds = (report: SeedSweepReport): string => {
    const stalls = report.stalls.map((stall) => `${cross} not judged in ${stall.target}: ${stall.message}`);
    const lines = [...stalls, ...report.exercises.flatMap((exercise) => seedSweepLines(c, exercise, report.seeds.length))];
    const swept = report.exercises.filter((exercise) => exercise.files.length > 0);
    const passed = swept.filter((exercise) => exercise.ok).length;
    lines.push('', `selfcheck seeds ${describeSeeds(report.seeds)}: ${passed} passed, ${swept.length - passed} failed`);
    return `${lines.join('\n')}\n`;
  };

  return { check, overview, selfcheck, seeds };
}

function seedSweepLines(c: Colors, exercise: ExerciseSeedSweep, seedCount: number): string[] {
  const head = `${exercise.id} ${exercise.slug.padEnd(13)}`;
  if (exercise.files.length === 0) return [`${c.dim('·')} ${head} no randomised tests`];
  if (exercise.ok) return [`${c.green('✓')} ${head} ${exercise.files.length} randomised test file${plural(exercise.files.length)}: the solution passes and the starter fails on all ${seedCount} seeds`];
  const seeds = new Set(exercise.breaks.map((item) => item.seed));
  return [`${c.red('✗')} ${head} ${seeds.size} of ${seedCount} seeds break it`, ...exercise.breaks.flatMap((item) => seedBreakLines(exercise, item))];
}

function seedBreakLines(exercise: ExerciseSeedSweep, item: SeedBreak): string[] {
  const what = item.variant === 'solution' ? 'the solution fails' : 'the starter passes a task';
  const replay = `KATAS_SEED=${item.seed} npm run selfcheck ${exercise.id.replace('exercise-', '')} replays it`;
  return [`    seed ${item.seed}: ${what} (${replay})`, ...item.findings.slice(0, 5).map((finding) => `      ${finding}`)];
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
  const passing = exercise.starterPassingTasks.length > 0 ? [] : exercise.starterPassingTests;
  for (const test of passing.slice(0, 10)) lines.push(`    passes on the starter: ${test}; a test must first see the code work, or code that only throws passes it`);
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
  const seed = exercise.seeds[0];
  if (!exercise.ok && seed !== undefined) lines.push(`    the run's seed was ${seed}: KATAS_SEED=${seed} npm run selfcheck ${exercise.id.replace('exercise-', '')} replays it`);
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

function plural(count: number): string {
  return count === 1 ? '' : 's';
}
