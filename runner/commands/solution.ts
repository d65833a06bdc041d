// `npm run solution <exercise>`: once the exercise passes, the reference solution and a
// coloured diff against the learner's code; before that, a refusal that says how anyway.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { stripSrc } from '../check/static-rules.js';
import { loadCourse, resolveExercise } from '../course/discover.js';
import { relativeToRoot } from '../paths.js';
import { readProgress } from '../progress.js';
import { colorsFor, type Colors } from '../reporters/colors.js';
import { COMMON_OPTIONS, UsageError, type Command } from './types.js';

export const SOLUTION_MESSAGES = {
  notYet: (id: string) =>
    `${id} does not pass yet (as of your last check), so its solution stays hidden: working it out is the exercise. npm run hint ${id.replace('exercise-', '')} helps; to see it anyway: npm run solution ${id.replace('exercise-', '')} -- --force`,
} as const;

export const solutionCommand: Command = {
  usage: [
    'npm run solution <exercise> [-- --force]',
    '',
    '  the reference solution and a diff against your code, once your last check of the',
    '  exercise passed; --force shows it before that.',
  ].join('\n'),
  options: { ...COMMON_OPTIONS, force: { type: 'boolean' } },
  async run({ root, positionals, values, out }) {
    const [query] = positionals;
    if (query === undefined) throw new UsageError('solution needs an exercise: npm run solution exercise-01');
    const exercise = resolveExercise(loadCourse(root), query);
    if (values.force !== true && readProgress(root).exercises[exercise.slug]?.done !== true) {
      throw new UsageError(SOLUTION_MESSAGES.notYet(exercise.id));
    }
    const c = colorsFor(process.stdout);
    for (const file of exercise.files) {
      const solutionFile = path.join(exercise.solutionDir, stripSrc(file));
      const learnerFile = path.join(exercise.srcDir, stripSrc(file));
      const solution = readFileSync(solutionFile, 'utf8');
      const learner = existsSync(learnerFile) ? readFileSync(learnerFile, 'utf8') : '';
      out(`${c.bold(relativeToRoot(root, solutionFile))}\n\n${solution}\n`);
      out(`${c.bold(`Your ${relativeToRoot(root, learnerFile)} → the reference`)}\n${colourDiff(c, createTwoFilesPatch(relativeToRoot(root, learnerFile), relativeToRoot(root, solutionFile), learner, solution))}\n`);
    }
    return 0;
  },
};

function colourDiff(c: Colors, patch: string): string {
  return patch
    .split('\n')
    .slice(2)
    .map((line) => (line.startsWith('+') ? c.green(line) : line.startsWith('-') ? c.red(line) : line.startsWith('@@') ? c.cyan(line) : line))
    .join('\n');
}
