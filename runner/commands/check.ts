// `npm run check [exercise]`: one exercise checked, or every exercise's state.
import { checkExercise } from '../check/check-exercise.js';
import { loadCourse, resolveExercise } from '../course/discover.js';
import { buildOverview } from '../overview.js';
import { readProgress, recordCheck } from '../progress.js';
import { COMMON_OPTIONS, UsageError, type Command } from './types.js';

export const checkCommand: Command = {
  usage: [
    'npm run check [exercise] [-- --reporter pretty|json]',
    '',
    '  with an exercise (exercise-05, 05, 5 or its slug): typecheck, static rules and tests,',
    '  results per task, the first failure in full; exit 0 only when everything passes.',
    '  without: every exercise with its state and your overall progress.',
  ].join('\n'),
  options: COMMON_OPTIONS,
  async run({ root, positionals, reporter, out }) {
    const course = loadCourse(root);
    if (positionals.length > 1) throw new UsageError(`check takes one exercise, not ${positionals.length}: npm run check exercise-01`);
    const [query] = positionals;
    if (query === undefined) {
      out(reporter.overview(buildOverview(course, readProgress(root))));
      return 0;
    }
    const exercise = resolveExercise(course, query);
    const result = await checkExercise(root, exercise);
    recordCheck(root, result);
    out(reporter.check(result));
    return result.passed ? 0 : 1;
  },
};
