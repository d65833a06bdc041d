// `npm run selfcheck [exercise]`: the bar for exercises (starter fails, solution passes,
// mutants are caught), for one exercise or all; `--json` for machines. `--seeds N` runs
// the randomised tests of the solution and the starter on seeds 1 to N instead.
// `--all-tests` runs every test on every mutant, to list each test that catches it.
import { loadCourse, resolveExercise } from '../course/discover.js';
import type { Exercise } from '../course/exercise.js';
import { parseSeeds, MAX_SEEDS } from '../selfcheck/seed-list.js';
import { sweepSeeds } from '../selfcheck/seed-sweep.js';
import { runProgress, type RunProgress } from '../selfcheck/run-progress.js';
import { selfCheck, type SelfCheckOptions } from '../selfcheck/selfcheck.js';
import { COMMON_OPTIONS, UsageError, type Command, type CommandContext } from './types.js';

export const selfcheckCommand: Command = {
  usage: [
    'npm run selfcheck [exercise...] [-- --json] [-- --all-tests]',
    'npm run selfcheck -- --seeds <N | first..last> [exercise...]',
    '',
    '  for each exercise: the pristine starter fails every task, the reference solution passes',
    '  every test, the typecheck and the static rules, and every mutant fails a test or a rule.',
    '  The solution\'s randomised tests also run on two more random seeds.',
    '',
    '  A mutant runs only the test files that import the files it changes, up to its first',
    '  failing test (none, when a static rule flags it). --all-tests runs every test on',
    '  every mutant, to see every test that catches it; the verdicts are the same.',
    '',
    '  --seeds runs only the test files that draw random inputs, on every seed given (300 is',
    '  1..300): the solution must pass and the starter fail on each; a seed that breaks is',
    '  named, and KATAS_SEED=<seed> replays it.',
  ].join('\n'),
  options: { ...COMMON_OPTIONS, seeds: { type: 'string' }, 'all-tests': { type: 'boolean' } },
  async run(context) {
    const course = loadCourse(context.root);
    const exercises = context.positionals.length === 0 ? course : context.positionals.map((query) => resolveExercise(course, query));
    if (typeof context.values.seeds === 'string') return sweep(context, exercises, context.values.seeds);
    const progress = planProgress(exercises);
    const report = await selfCheck(context.root, exercises, { allTests: context.values['all-tests'] === true, ...progress.hooks });
    progress.end();
    context.out(context.reporter.selfcheck(report));
    return report.ok ? 0 : 1;
  },
};

async function sweep({ root, reporter, out }: CommandContext, exercises: readonly Exercise[], text: string): Promise<number> {
  const seeds = parseSeeds(text);
  if (!seeds) throw new UsageError(`--seeds takes a count (300) or a range (301..600) of at most ${MAX_SEEDS} seeds, not "${text}"`);
  const report = await sweepSeeds(root, exercises, seeds, showProgress);
  out(reporter.seeds(report));
  return report.ok ? 0 : 1;
}

/**
 * A self-check takes minutes: a line per exercise on stderr as it finishes (a bar that
 * moves on a terminal), which leaves stdout to the report (--json stays parseable).
 */
function planProgress(exercises: readonly Exercise[]): { hooks: Pick<SelfCheckOptions, 'onPlan' | 'onFileDone'>; end: () => void } {
  let progress: RunProgress | undefined;
  const started = Date.now();
  const write = (text: string) => process.stderr.write(text);
  return {
    hooks: {
      onPlan: (targets, wave) => {
        progress?.end();
        const files = (exercise: Exercise) => targets.filter((target) => target.exercise.id === exercise.id).reduce((sum, target) => sum + target.exercise.testFiles.length, 0);
        const plans = exercises.map((exercise) => ({ exercise, files: files(exercise) })).filter((plan) => plan.files > 0);
        const runs = wave === 1 ? 'test file runs' : 'more test file runs (of mutants the first file did not catch)';
        progress = runProgress(plans, write, { started, runs, tty: process.stderr.isTTY === true });
      },
      onFileDone: (target) => progress?.fileDone(target),
    },
    end: () => progress?.end(),
  };
}

/** A sweep takes minutes: a person at a terminal sees it move. */
function showProgress(done: number, total: number): void {
  if (process.stderr.isTTY) process.stderr.write(`\r${done} of ${total} seed runs done${done === total ? '\n' : ''}`);
}
