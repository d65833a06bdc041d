// `npm run grade`: every exercise scored from one run, in every format graders read;
// `--submissions <folder>` grades a whole class, `--bench <n>` measures doing so.
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { benchClassGrading, formatBench } from '../grade/bench.js';
import { gradeClass } from '../grade/class/grade-class.js';
import { formatClassText } from '../grade/class/class-text.js';
import { gradeRepository } from '../grade/grade-repository.js';
import { GRADE_USAGE_ERRORS } from '../grade/messages.js';
import { formatGradeText } from '../grade/terminal.js';
import { readUntouchedResults } from '../grade/untouched.js';
import { OUTPUT_FILES, writeGradeOutputs } from '../grade/write-outputs.js';
import { colorsFor } from '../reporters/colors.js';
import { formatExercismResults } from '../reporters/exercism.js';
import { relativeToRoot } from '../paths.js';
import { COMMON_OPTIONS, UsageError, type Command, type OptionValues } from './types.js';

const DEFAULT_TIMEOUT_S = 600;

export const gradeCommand: Command = {
  usage: [
    'npm run grade [-- --pristine <folder>] [--hidden <folder>] [--out <folder>] [--root <folder>] [--json]',
    'npm run grade -- --submissions <folder> [--pristine <folder>] [--hidden <folder>] [--out <folder>] [--jobs <n>] [--timeout <seconds>]',
    'npm run grade -- --bench <n>',
    '',
    '  grades every exercise, nothing skipped, with the pristine test files (from --pristine, else the',
    "  repository's first commit, else the working tree) and the instructor's hidden tests (--hidden",
    `  <folder>/NN-slug/*.test.ts). Writes ${Object.values(OUTPUT_FILES).join(', ')} to --out`,
    '  (default .katas/grade/), and in GitHub Actions the job summary, annotations and the Classroom result.',
    '  --submissions: every subfolder is one learner\'s checkout, graded in its own process, --jobs at a time',
    `  (default: the number of cores), each within --timeout seconds (default ${DEFAULT_TIMEOUT_S}); writes class.csv and class.html.`,
    '  --bench <n>: grades n copies of this course (starters and solutions mixed) as a class, and compares',
    '  the time with n separate grades. --quiet: write the reports, print nothing.',
    '  Exercises that several learners of a class leave exactly as handed out are graded once, on the',
    '  pristine copy, and that result is theirs (--untouched <file> hands it to each learner\'s grading).',
  ].join('\n'),
  options: {
    ...COMMON_OPTIONS,
    root: { type: 'string' },
    pristine: { type: 'string' },
    hidden: { type: 'string' },
    out: { type: 'string' },
    submissions: { type: 'string' },
    jobs: { type: 'string' },
    timeout: { type: 'string' },
    bench: { type: 'string' },
    untouched: { type: 'string' },
    quiet: { type: 'boolean' },
  },
  async run({ root, values, out }) {
    if (values.bench !== undefined) return runBench(root, values, out);
    if (values.submissions !== undefined) return runClass(root, values, out);
    return runSingle(root, values, out);
  },
};

type Out = (text: string) => void;

async function runSingle(root: string, values: OptionValues, out: Out): Promise<number> {
  const untouchedFile = userPath(values.untouched);
  const report = await gradeRepository({
    ...sharedOptions(root, values),
    learnerRoot: userPath(values.root) ?? root,
    ...(untouchedFile ? { untouched: readUntouchedResults(untouchedFile) } : {}),
  });
  const written = writeGradeOutputs(report, outDirOf(root, values));
  if (values.quiet === true) return 0;
  if (values.json === true) {
    out(formatExercismResults(report));
    return 0;
  }
  if (process.env.GITHUB_ACTIONS === 'true') out(written.annotations.map((line) => `${line}\n`).join(''));
  out(formatGradeText(colorsFor(process.stdout), report, written.files.map((file) => relativeToRoot(root, file))));
  return 0;
}

async function runClass(root: string, values: OptionValues, out: Out): Promise<number> {
  if (values.root !== undefined) throw new UsageError(GRADE_USAGE_ERRORS.exclusive);
  const shared = sharedOptions(root, values);
  const report = await gradeClass({
    ...shared,
    // The instructor's own checkout is the clean course the class is graded against.
    pristineDir: shared.pristineDir ?? root,
    submissionsDir: userPath(values.submissions) ?? '',
    outDir: outDirOf(root, values),
    jobs: jobsOf(values),
    timeoutMs: (values.timeout === undefined ? DEFAULT_TIMEOUT_S : wholeNumber('--timeout', values.timeout)) * 1000,
    progress: process.stderr,
  });
  if (values.quiet !== true) out(values.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatClassText(colorsFor(process.stdout), report, root));
  return report.learners.some((learner) => learner.status === 'error') ? 1 : 0;
}

async function runBench(root: string, values: OptionValues, out: Out): Promise<number> {
  const result = await benchClassGrading({ graderRoot: root, copies: wholeNumber('--bench', values.bench), jobs: jobsOf(values), onLine: (line) => process.stderr.write(`${line}\n`) });
  out(values.json === true ? `${JSON.stringify(result, null, 2)}\n` : formatBench(result));
  return 0;
}

function sharedOptions(root: string, values: OptionValues): { graderRoot: string; pristineDir?: string; hiddenDir?: string } {
  return { graderRoot: root, ...optional('pristineDir', userPath(values.pristine)), ...optional('hiddenDir', userPath(values.hidden)) };
}

function outDirOf(root: string, values: OptionValues): string {
  return userPath(values.out) ?? path.join(root, '.katas', 'grade');
}

/**
 * A path as the person typed it: `npm run grade` runs from the package root, and INIT_CWD
 * is where they were. Only npm's own grade script sets that meaning: a grader started
 * directly (the Classroom workflow), even from inside another npm script, is relative
 * to its working directory.
 */
function userPath(value: OptionValues[string]): string | undefined {
  if (typeof value !== 'string') return undefined;
  const startedByNpm = process.env.npm_lifecycle_event === 'grade' && process.env.INIT_CWD !== undefined;
  return path.resolve(startedByNpm ? (process.env.INIT_CWD as string) : process.cwd(), value);
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

function jobsOf(values: OptionValues): number {
  return values.jobs === undefined ? availableParallelism() : wholeNumber('--jobs', values.jobs);
}

function wholeNumber(option: string, value: OptionValues[string]): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new UsageError(GRADE_USAGE_ERRORS.badNumber(option, String(value)));
  return number;
}
