// `npm run reset <exercise>` / `npm run reset -- --all`: the pristine starter back in
// src/, after a y/N question (or --yes): the learner's files and the given ones, which
// a learner can edit by mistake too. Works from the starter copy, without git.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { confirm } from '../confirm.js';
import type { Exercise } from '../course/exercise.js';
import { loadCourse, resolveExercise } from '../course/discover.js';
import { variantFiles } from '../course/variants.js';
import { NoHistoryError, restoreTests } from '../course/restore-tests.js';
import { forgetExercise } from '../progress.js';
import { relativeToRoot } from '../paths.js';
import { COMMON_OPTIONS, UsageError, type Command } from './types.js';

export const RESET_MESSAGES = {
  needsYes: 'reset overwrites your code and there is no terminal to ask: add --yes (npm run reset 01 -- --yes)',
  kept: 'Nothing changed.',
} as const;

export const resetCommand: Command = {
  usage: [
    'npm run reset <exercise> [-- --yes]',
    'npm run reset -- --all [--yes]',
    'npm run reset -- --all --check',
    'npm run reset <exercise> -- --tests',
    '',
    '  puts the starter code back in the exercise\'s src/ (your changes there are lost) and',
    '  forgets its progress; asks first unless --yes.',
    '  --check changes nothing: it lists the src/ files that differ from their starter and exits 1',
    '  if there are any (the framework\'s own CI, where src/ must be the starter as generated).',
    '  --tests puts the course\'s test files back from git instead (your code is not touched).',
  ].join('\n'),
  options: { ...COMMON_OPTIONS, all: { type: 'boolean' }, yes: { type: 'boolean', short: 'y' }, check: { type: 'boolean' }, tests: { type: 'boolean' } },
  async run({ root, positionals, values, out }) {
    const course = loadCourse(root);
    if (values.all !== true && positionals.length !== 1) throw new UsageError('reset needs one exercise, or --all: npm run reset exercise-01');
    const exercises = values.all === true ? course : [resolveExercise(course, positionals[0] ?? '')];
    const files = exercises.flatMap((exercise) => variantFiles(exercise, 'starter').map((file) => relativeToRoot(root, path.join(exercise.srcDir, file.name))));
    if (values.check === true) return reportDrift(root, exercises, out);
    if (values.tests === true) return restoreTestFiles(root, exercises, out);
    if (values.yes !== true) {
      if (!process.stdin.isTTY) throw new UsageError(RESET_MESSAGES.needsYes);
      const what = values.all === true ? 'every exercise' : (exercises[0]?.id ?? '');
      if (!(await confirm(`Reset ${what}? This overwrites ${files.join(', ')}.`))) {
        out(`${RESET_MESSAGES.kept}\n`);
        return 1;
      }
    }
    for (const exercise of exercises) resetExercise(root, exercise);
    out(`Reset ${files.length} file${files.length === 1 ? '' : 's'} to the starter: ${files.join(', ')}\n`);
    return 0;
  },
};

export function resetExercise(root: string, exercise: Exercise): void {
  for (const file of variantFiles(exercise, 'starter')) {
    const target = path.join(exercise.srcDir, file.name);
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(file.source, target);
  }
  forgetExercise(root, exercise.slug);
}

async function restoreTestFiles(root: string, exercises: readonly Exercise[], out: (text: string) => void): Promise<number> {
  try {
    const restored = await restoreTests(root, exercises);
    out(`Restored ${restored.length} test file${restored.length === 1 ? '' : 's'}: ${restored.join(', ')}\n`);
    return 0;
  } catch (error) {
    if (error instanceof NoHistoryError) throw new UsageError(error.message);
    throw error;
  }
}

/** src/ is generated from the starter: in the framework's own repository the two must match. */
function reportDrift(root: string, exercises: readonly Exercise[], out: (text: string) => void): number {
  const drifted = exercises.flatMap((exercise) =>
    variantFiles(exercise, 'starter')
      .filter((file) => !sameText(path.join(exercise.srcDir, file.name), file.source))
      .map((file) => relativeToRoot(root, path.join(exercise.srcDir, file.name))),
  );
  out(drifted.length === 0 ? 'Every src/ file is its starter.\n' : `${drifted.map((file) => `${file} differs from its starter: npm run reset -- --all --yes makes it again`).join('\n')}\n`);
  return drifted.length === 0 ? 0 : 1;
}

function sameText(a: string, b: string): boolean {
  return existsSync(a) && existsSync(b) && readFileSync(a, 'utf8') === readFileSync(b, 'utf8');
}
