// `npm run selfcheck [exercise]`: the bar for exercises (starter fails, solution passes,
// mutants are caught), for one exercise or all; `--json` for machines.
import { loadCourse, resolveExercise } from '../course/discover.js';
import { selfCheck } from '../selfcheck/selfcheck.js';
import { COMMON_OPTIONS, type Command } from './types.js';

export const selfcheckCommand: Command = {
  usage: [
    'npm run selfcheck [exercise...] [-- --json]',
    '',
    '  for each exercise: the pristine starter fails every task, the reference solution passes',
    '  every test, the typecheck and the static rules, and every mutant fails a test or a rule.',
  ].join('\n'),
  options: COMMON_OPTIONS,
  async run({ root, positionals, reporter, out }) {
    const course = loadCourse(root);
    const exercises = positionals.length === 0 ? course : positionals.map((query) => resolveExercise(course, query));
    const report = await selfCheck(root, exercises);
    out(reporter.selfcheck(report));
    return report.ok ? 0 : 1;
  },
};
