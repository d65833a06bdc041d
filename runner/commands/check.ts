// `npm run check [exercise]`: one exercise checked, or every exercise's state.
import { checkExercise, coldEngines } from '../check/check-exercise.js';
import type { Exercise } from '../course/exercise.js';
import { loadCourse, resolveExercise } from '../course/discover.js';
import { buildOverview } from '../overview.js';
import { readProgress, recordCheck, recordFocus } from '../progress.js';
import { COMMON_OPTIONS, UsageError, type Command } from './types.js';

export const checkCommand: Command = {
  usage: [
    'npm run check [exercise] [-- --task N] [--reporter pretty|json]',
    '',
    '  with an exercise (exercise-05, 05, 5 or its slug): typecheck, static rules and tests,',
    '  results per task with the names of failing tests, and one failure in full, from the',
    '  task you are on; exit 0 only when everything passes.',
    '  --task N: runs only task N\'s tests (exit 0 when that task passes).',
    '  without: every exercise with its state and your overall progress.',
  ].join('\n'),
  options: { ...COMMON_OPTIONS, task: { type: 'string' } },
  async run({ root, positionals, values, reporter, out }) {
    const course = loadCourse(root);
    if (positionals.length > 1) throw new UsageError(`check takes one exercise, not ${positionals.length}: npm run check exercise-01`);
    const [query] = positionals;
    if (query === undefined) {
      out(reporter.overview(buildOverview(course, readProgress(root))));
      return 0;
    }
    const exercise = resolveExercise(course, query);
    const task = parseTask(exercise, values.task);
    if (task === undefined) {
      const result = await checkExercise(root, exercise);
      recordCheck(root, result);
      out(reporter.check(result));
      return result.passed ? 0 : 1;
    }
    // One task's run says nothing about the others: progress keeps the last full check,
    // and only notes the task the learner is on, for hints, while it still fails (a task
    // that passes is not the one to give hints for).
    const result = await checkExercise(root, exercise, coldEngines(root, exercise, { task }), { task });
    if (!result.passed) recordFocus(root, exercise.slug, task);
    out(reporter.check(result));
    return result.passed ? 0 : 1;
  },
};

export const NO_SUCH_TASK = (exercise: Exercise, given: string) =>
  `${exercise.id} has no task ${given}: its tasks are ${exercise.tasks.map((task) => task.number).join(', ')}`;

/** --task N as one of the exercise's task numbers; undefined when not given. */
export function parseTask(exercise: Exercise, given: unknown): number | undefined {
  if (typeof given !== 'string') return undefined;
  const task = exercise.tasks.find((item) => String(item.number) === given.trim());
  if (!task) throw new UsageError(NO_SUCH_TASK(exercise, given));
  return task.number;
}
