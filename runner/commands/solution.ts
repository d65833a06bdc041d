// `npm run solution <exercise>`: once the code on disk passes, a diff of each of the
// learner's files against the reference, labelled "yours" and "reference", and nothing
// else: given files (exercise.json `given`) are not the learner's to write, and the
// reference has no copy of them. The verdict is about the files as they are now: when
// they changed since the last check (or were never checked), the exercise is checked first.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { checkExercise } from '../check/check-exercise.js';
import { readLock } from '../course/course-lock.js';
import type { Exercise } from '../course/exercise.js';
import { loadCourse, resolveExercise } from '../course/discover.js';
import { sourceNames, variantFiles, type VariantFile } from '../course/variants.js';
import { relativeToRoot } from '../paths.js';
import { readProgress, recordCheck } from '../progress.js';
import { colorsFor, type Colors } from '../reporters/colors.js';
import { COMMON_OPTIONS, UsageError, type Command } from './types.js';

export const SOLUTION_MESSAGES = {
  notYet: (id: string) =>
    `${id} does not pass yet (as your files are now), so its solution stays hidden: working it out is the exercise. npm run hint ${id.replace('exercise-', '')} helps; to see it anyway: npm run solution ${id.replace('exercise-', '')} -- --force`,
  checking: (id: string) => `Your files changed since the last check of ${id}: checking them first…\n`,
  heading: (file: string) => `${file}: yours (-) against the reference (+)`,
  same: (file: string) => `${file}: the same as the reference.`,
  notInEdition: (edition: string) =>
    `the reference solutions are not part of the ${edition} edition of this course: your instructor grades your work; npm run hint <exercise> helps when you are stuck`,
  missing: (file: string) => `${file}: you have no such file; the reference has it (npm run reset restores the starter).`,
} as const;

/** Lines of context around each change: enough to place it, few enough to read. */
const CONTEXT_LINES = 2;

export const solutionCommand: Command = {
  usage: [
    'npm run solution <exercise> [-- --force]',
    '',
    '  once your code passes, how each of your files differs from the reference solution',
    '  ("yours" and "reference"); --force shows it before that.',
  ].join('\n'),
  options: { ...COMMON_OPTIONS, force: { type: 'boolean' } },
  async run({ root, positionals, values, out }) {
    const [query] = positionals;
    if (query === undefined) throw new UsageError('solution needs an exercise: npm run solution exercise-01');
    const exercise = resolveExercise(loadCourse(root), query);
    if (!existsSync(exercise.solutionDir)) throw new UsageError(SOLUTION_MESSAGES.notInEdition(readLock(root)?.edition ?? 'learner'));
    if (values.force !== true && !(await passesOnDisk(root, exercise, out))) throw new UsageError(SOLUTION_MESSAGES.notYet(exercise.id));
    const c = colorsFor(process.stdout);
    const learnerFiles = variantFiles(exercise, 'solution').filter((file) => file.role === 'learner');
    for (const file of learnerFiles) out(`${fileDiff(root, exercise, file, c)}\n`);
    return 0;
  },
};

/** The last check's verdict while the files are as it saw them; else a new check's. */
async function passesOnDisk(root: string, exercise: Exercise, out: (text: string) => void): Promise<boolean> {
  const saved = readProgress(root).exercises[exercise.slug];
  const checkedAt = saved?.checkedAt === undefined ? undefined : Date.parse(saved.checkedAt);
  if (saved !== undefined && checkedAt !== undefined && lastChange(exercise) < checkedAt) return saved.done;
  out(SOLUTION_MESSAGES.checking(exercise.id));
  const result = await checkExercise(root, exercise);
  recordCheck(root, result);
  return result.passed;
}

/** When the files of src/ or the tests last changed (milliseconds since the epoch): a given file can be edited too. */
function lastChange(exercise: Exercise): number {
  const files = [...sourceNames(exercise).map((name) => path.join(exercise.srcDir, name)), ...exercise.testFiles];
  return Math.max(0, ...files.filter((file) => existsSync(file)).map((file) => statSync(file).mtimeMs));
}

function fileDiff(root: string, exercise: Exercise, file: VariantFile, c: Colors): string {
  const learnerFile = path.join(exercise.srcDir, file.name);
  const solutionFile = file.source;
  const shown = relativeToRoot(root, learnerFile);
  if (!existsSync(solutionFile)) return '';
  const reference = readFileSync(solutionFile, 'utf8');
  if (!existsSync(learnerFile)) return c.bold(SOLUTION_MESSAGES.missing(shown));
  const yours = readFileSync(learnerFile, 'utf8');
  if (yours === reference) return c.green(SOLUTION_MESSAGES.same(shown));
  const patch = createTwoFilesPatch(`yours      ${shown}`, `reference  ${relativeToRoot(root, solutionFile)}`, yours, reference, undefined, undefined, { context: CONTEXT_LINES });
  return `${c.bold(SOLUTION_MESSAGES.heading(shown))}\n${colourDiff(c, patch)}`;
}

/** The patch without its "Index"/"====" preamble; the ---/+++ lines name whose side is whose. */
function colourDiff(c: Colors, patch: string): string {
  return patch
    .split('\n')
    .filter((line) => !line.startsWith('Index:') && !line.startsWith('====='))
    .map((line) => (line.startsWith('---') ? c.red(line) : line.startsWith('+++') ? c.green(line) : line.startsWith('+') ? c.green(line) : line.startsWith('-') ? c.red(line) : line.startsWith('@@') ? c.cyan(line) : line))
    .join('\n')
    .trimEnd();
}
