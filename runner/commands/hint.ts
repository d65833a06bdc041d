// `npm run hint <exercise>`: the next hint of the task the learner is on, one more
// each call, numbered "hint 2 of 3".
import { readFileSync } from 'node:fs';
import { loadCourse, resolveExercise } from '../course/discover.js';
import { parseHints } from '../course/hints.js';
import { readProgress, writeProgress } from '../progress.js';
import { colorsFor, type Colors } from '../reporters/colors.js';
import type { Exercise } from '../course/exercise.js';
import { COMMON_OPTIONS, UsageError, type Command } from './types.js';

export const HINT_MESSAGES = {
  lastOne: (id: string) => `That was the last hint for this task. The README's section for it has the details; once the exercise passes, npm run solution ${id} shows the reference.`,
  more: (id: string) => `npm run hint ${id} again for the next one.`,
  noCheckYet: (id: string) => `(No check of this exercise yet, so this is for task 1: npm run check ${id} finds the task you are on.)`,
} as const;

export const hintCommand: Command = {
  usage: [
    'npm run hint <exercise> [-- --task N]',
    '',
    '  the next hint for the task you are on (the first one failing at your last check),',
    '  one more each time you ask; --task picks another task.',
  ].join('\n'),
  options: { ...COMMON_OPTIONS, task: { type: 'string' } },
  async run({ root, positionals, values, out }) {
    const [query] = positionals;
    if (query === undefined) throw new UsageError('hint needs an exercise: npm run hint exercise-01');
    const exercise = resolveExercise(loadCourse(root), query);
    const task = values.task === undefined ? undefined : Number(values.task);
    out(takeNextHint(root, exercise, task, colorsFor(process.stdout)));
    return 0;
  },
};

/** The next hint for the task the learner is on (or `taskNumber`), counted in the progress file. */
export function takeNextHint(root: string, exercise: Exercise, taskNumber: number | undefined, c: Colors): string {
  const progress = readProgress(root);
  const saved = progress.exercises[exercise.slug];
  const short = exercise.id.replace('exercise-', '');
  const wanted = taskNumber ?? saved?.currentTask ?? exercise.tasks[0]?.number ?? 1;
  const task = exercise.tasks.find((item) => item.number === wanted);
  if (!task) throw new UsageError(`${exercise.id} has no task ${wanted}: its tasks are ${exercise.tasks.map((item) => item.number).join(', ')}`);
  const hints = parseHints(readFileSync(exercise.hintsFile, 'utf8')).get(task.number) ?? [];
  if (hints.length === 0) throw new UsageError(`${exercise.id} has no hints for task ${task.number}`);
  const index = Math.min(saved?.hintsShown?.[task.number] ?? 0, hints.length - 1);
  const lines = [c.bold(`${exercise.id} task ${task.number}: ${task.title} — hint ${index + 1} of ${hints.length}`), '', hints[index] ?? '', ''];
  if (saved === undefined && taskNumber === undefined) lines.push(c.dim(HINT_MESSAGES.noCheckYet(short)));
  lines.push(c.dim(index + 1 < hints.length ? HINT_MESSAGES.more(short) : HINT_MESSAGES.lastOne(short)));
  const base = saved ?? { tasksPassed: 0, tasksTotal: exercise.tasks.length, done: false };
  progress.exercises[exercise.slug] = { ...base, hintsShown: { ...base.hintsShown, [task.number]: index + 1 } };
  writeProgress(root, progress);
  return `${lines.join('\n')}\n`;
}
