// `npm run hint <exercise>`: the next hint of the task the learner is on (the same task
// check shows in full, reporters/focus.ts), one more each call, numbered "hint 2 of 3";
// and, for each static rule the code breaks, why and which forms the rule accepts.
import { readFileSync } from 'node:fs';
import type { CheckResult, RuleViolation } from '../check/results.js';
import { runStaticRulesInWorker } from '../check/static-rules-worker.js';
import { loadCourse, resolveExercise } from '../course/discover.js';
import { parseHints } from '../course/hints.js';
import { readProgress, writeProgress } from '../progress.js';
import { colorsFor, type Colors } from '../reporters/colors.js';
import { focusTask } from '../reporters/focus.js';
import type { Exercise } from '../course/exercise.js';
import { parseTask } from './check.js';
import { COMMON_OPTIONS, UsageError, type Command } from './types.js';

export const HINT_MESSAGES = {
  lastOne: (id: string) => `That was the last hint for this task. The README's section for it has the details; once the exercise passes, npm run solution ${id} shows the reference.`,
  more: (id: string) => `npm run hint ${id} again for the next one.`,
  moreInWatch: 'Press h again for the next one.',
  noCheckYet: (id: string) => `(No check of this exercise yet, so this is for task 1: npm run check ${id} finds the task you are on.)`,
  passes: (id: string) => `Every task of this exercise passes: no hint needed. npm run solution ${id} compares your code with the reference; npm run hint ${id} -- --task N shows a task's hints anyway.`,
  passesInWatch: (id: string) => `Every task of this exercise passes: no hint needed. npm run solution ${id} compares your code with the reference.`,
  rulesHeading: (count: number) => `Your code breaks ${count === 1 ? 'a static rule' : `${count} static rules`}: the tests cannot see how code is written, so no test names ${count === 1 ? 'it' : 'them'}.`,
  ruleAccepts: 'accepted:',
  ruleWhy: 'why:',
} as const;

export const hintCommand: Command = {
  usage: [
    'npm run hint <exercise> [-- --task N]',
    '',
    '  the next hint for the task you are on (as at your last check), one more each time',
    '  you ask, and for each static rule your code breaks, why and what it accepts.',
    '  --task N: the hints of task N instead.',
  ].join('\n'),
  options: { ...COMMON_OPTIONS, task: { type: 'string' } },
  async run({ root, positionals, values, out }) {
    const [query] = positionals;
    if (query === undefined) throw new UsageError('hint needs an exercise: npm run hint exercise-01');
    const exercise = resolveExercise(loadCourse(root), query);
    const task = parseTask(exercise, values.task);
    // The rules look at the code on disk now: a finding fixed since the last check is gone.
    const violations = await runStaticRulesInWorker(root, exercise.rules, exercise.srcDir);
    out(takeNextHint(root, exercise, { c: colorsFor(process.stdout), violations, ...(task === undefined ? {} : { task }) }));
    return 0;
  },
};

export interface HintRequest {
  c: Colors;
  /** A task asked for by number; else the task the learner is on. */
  task?: number;
  /** Watch's latest check: the task it shows and its static-rule findings. */
  result?: CheckResult | undefined;
  /** Static-rule findings, when there is no result to take them from. */
  violations?: readonly RuleViolation[];
  /** Inside watch: "press h", not a command to type. */
  inWatch?: boolean;
}

/** The rule findings' advice, then the next hint of the task (counted in the progress file). */
export function takeNextHint(root: string, exercise: Exercise, request: HintRequest): string {
  const violations = request.result?.violations ?? request.violations ?? [];
  const parts = [ruleAdvice(violations, request.c), taskHint(root, exercise, request, violations.length > 0)].filter((part) => part !== '');
  return `${parts.join('\n')}`;
}

function taskHint(root: string, exercise: Exercise, request: HintRequest, rulesShown: boolean): string {
  const { c } = request;
  const progress = readProgress(root);
  const saved = progress.exercises[exercise.slug];
  const short = exercise.id.replace('exercise-', '');
  const fromResult = request.result && request.result.onlyTask === undefined;
  // Every task passes (at the last check): a hint of task 1 would be for work long done.
  const tasksPass = fromResult ? focusTask(request.result?.tasks ?? []) === undefined : saved?.checkedAt !== undefined && saved.currentTask === undefined;
  if (request.task === undefined && tasksPass) return rulesShown ? '' : `${c.green(request.inWatch ? HINT_MESSAGES.passesInWatch(short) : HINT_MESSAGES.passes(short))}\n`;
  const onlyTask = request.result?.onlyTask;
  const wanted = request.task ?? onlyTask ?? (fromResult ? focusTask(request.result?.tasks ?? []) : saved?.currentTask) ?? exercise.tasks[0]?.number ?? 1;
  const task = exercise.tasks.find((item) => item.number === wanted);
  if (!task) throw new UsageError(`${exercise.id} has no task ${wanted}: its tasks are ${exercise.tasks.map((item) => item.number).join(', ')}`);
  const hints = parseHints(readFileSync(exercise.hintsFile, 'utf8')).get(task.number) ?? [];
  if (hints.length === 0) throw new UsageError(`${exercise.id} has no hints for task ${task.number}`);
  const index = Math.min(saved?.hintsShown?.[task.number] ?? 0, hints.length - 1);
  const lines = [c.bold(`${exercise.id} task ${task.number}: ${task.title} — hint ${index + 1} of ${hints.length}`), '', hints[index] ?? '', ''];
  if (saved === undefined && request.task === undefined && !request.result) lines.push(c.dim(HINT_MESSAGES.noCheckYet(short)));
  const more = request.inWatch ? HINT_MESSAGES.moreInWatch : HINT_MESSAGES.more(short);
  lines.push(c.dim(index + 1 < hints.length ? more : HINT_MESSAGES.lastOne(short)));
  const base = saved ?? { tasksPassed: 0, tasksTotal: exercise.tasks.length, done: false };
  progress.exercises[exercise.slug] = { ...base, hintsShown: { ...base.hintsShown, [task.number]: index + 1 } };
  writeProgress(root, progress);
  return `${lines.join('\n')}\n`;
}

/** One block per rule broken: where, why, and the forms it lets through. */
function ruleAdvice(violations: readonly RuleViolation[], c: Colors): string {
  if (violations.length === 0) return '';
  const byRule = new Map<string, RuleViolation[]>();
  for (const violation of violations) byRule.set(violation.rule, [...(byRule.get(violation.rule) ?? []), violation]);
  const lines = [c.bold(HINT_MESSAGES.rulesHeading(byRule.size)), ''];
  for (const [name, found] of byRule) {
    lines.push(c.bold(name));
    for (const violation of found) lines.push(`  ${violation.file}:${violation.line} ${violation.message}`);
    lines.push(`  ${HINT_MESSAGES.ruleWhy} ${found[0]?.why ?? ''}`);
    const accepts = found[0]?.accepts;
    if (accepts) lines.push(`  ${HINT_MESSAGES.ruleAccepts} ${accepts}`);
    lines.push('');
  }
  return `${lines.join('\n')}`;
}
