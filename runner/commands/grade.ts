// `npm run grade`: every exercise scored from one run, in every format graders read;
// `--submissions <folder>` grades a whole class, `--bench <n>` measures doing so.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { benchClassGrading, formatBench } from '../grade/bench.js';
import { gradeClass } from '../grade/class/grade-class.js';
import { formatClassText } from '../grade/class/class-text.js';
import { mergeClass } from '../grade/class/merge.js';
import { parseShard } from '../grade/class/shard.js';
import { gradeRepository } from '../grade/grade-repository.js';
import { GRADE_USAGE_ERRORS } from '../grade/messages.js';
import { formatGradeText } from '../grade/terminal.js';
import { readUntouchedResults } from '../grade/untouched.js';
import { OUTPUT_FILES, writeGradeOutputs } from '../grade/write-outputs.js';
import { colorsFor } from '../reporters/colors.js';
import { formatExercismResults } from '../reporters/exercism.js';
import { GRADESCOPE_VISIBILITIES, type GradescopeVisibility } from '../reporters/gradescope.js';
import { relativeToRoot } from '../paths.js';
import { COMMON_OPTIONS, UsageError, type Command, type OptionValues } from './types.js';

const DEFAULT_TIMEOUT_S = 600;

export const gradeCommand: Command = {
  usage: [
    'npm run grade [-- --course <folder>] [--hidden <folder>] [--hidden-visibility <when>] [--out <folder>] [--root <folder>] [--json]',
    'npm run grade -- --submissions <folder> [--course <folder>] [--hidden <folder>] [--out <folder>] [--jobs <n>] [--timeout <seconds>]',
    'npm run grade -- --submissions <folder> --shard <k>/<n> --out <folder>',
    'npm run grade -- --merge <shard folder>... --out <folder>',
    'npm run grade -- --bench <n>',
    '',
    "  grades every exercise, nothing skipped, with the course's own runner, tests and manifests: from",
    "  --course (the instructor's course; --pristine is the same), else this copy's files when every one",
    '  matches its course.lock.json, else, in the instructor\'s repository, its working tree; never from',
    "  git history. Adds the instructor's hidden tests (--hidden <folder>/NN-slug/*.test.ts); Gradescope shows",
    `  their entries ${GRADESCOPE_VISIBILITIES.join(', ')} (--hidden-visibility, default after_due_date). Every report`,
    `  records the course version. Writes ${Object.values(OUTPUT_FILES).join(', ')} to --out`,
    '  (default .katas/grade/), and in GitHub Actions the job summary, annotations and the Classroom result.',
    '  --submissions: every subfolder is one learner\'s checkout, graded in its own process, --jobs at a time',
    `  (default: the number of cores), each within --timeout seconds (default ${DEFAULT_TIMEOUT_S}); writes class.csv and class.html.`,
    "  --shard k/n: grades every n-th learner from the k-th (one machine's share); --merge <folder>...: the",
    "  class report from the shards' --out folders, the same as one machine would have written.",
    '  --bench <n>: grades n copies of this course (starters and solutions mixed) as a class, and compares',
    '  the time with n separate grades. --quiet: write the reports, print nothing.',
    '  Exercises that several learners of a class leave exactly as handed out are graded once, on the',
    '  pristine copy, and that result is theirs (--untouched <file> hands it to each learner\'s grading).',
  ].join('\n'),
  options: {
    ...COMMON_OPTIONS,
    root: { type: 'string' },
    course: { type: 'string' },
    pristine: { type: 'string' },
    hidden: { type: 'string' },
    'hidden-visibility': { type: 'string' },
    out: { type: 'string' },
    submissions: { type: 'string' },
    jobs: { type: 'string' },
    timeout: { type: 'string' },
    bench: { type: 'string' },
    shard: { type: 'string' },
    merge: { type: 'string' },
    untouched: { type: 'string' },
    quiet: { type: 'boolean' },
  },
  async run({ root, values, positionals, out }) {
    if (values.merge !== undefined) return runMerge(root, [String(values.merge), ...positionals], values, out);
    if (values.shard !== undefined && values.submissions === undefined) throw new UsageError(GRADE_USAGE_ERRORS.shardWithout);
    if (values.bench !== undefined) return runBench(root, values, out);
    if (values.submissions !== undefined) return runClass(root, values, out);
    return runSingle(root, values, out);
  },
};

type Out = (text: string) => void;

async function runSingle(root: string, values: OptionValues, out: Out): Promise<number> {
  const hiddenVisibility = hiddenVisibilityOf(values);
  const untouchedFile = userPath(values.untouched);
  const report = await gradeRepository({
    ...sharedOptions(root, values),
    learnerRoot: userPath(values.root) ?? root,
    ...(untouchedFile ? { untouched: readUntouchedResults(untouchedFile) } : {}),
  });
  const written = writeGradeOutputs(report, outDirOf(root, values), process.env, { hiddenVisibility });
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
  const hiddenVisibility = hiddenVisibilityOf(values);
  const report = await gradeClass({
    ...shared,
    hiddenVisibility,
    ...(values.shard === undefined ? {} : { shard: parseShard(String(values.shard)) }),
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

async function runMerge(root: string, dirs: readonly string[], values: OptionValues, out: Out): Promise<number> {
  const shardDirs = dirs.map((dir) => userPath(dir) ?? dir);
  for (const dir of shardDirs) if (!existsSync(dir)) throw new UsageError(GRADE_USAGE_ERRORS.noSuchFolder('--merge', dir));
  const report = mergeClass({ shardDirs, outDir: outDirOf(root, values) });
  if (values.quiet !== true) out(values.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatClassText(colorsFor(process.stdout), report, root));
  return report.learners.some((learner) => learner.status === 'error') ? 1 : 0;
}

async function runBench(root: string, values: OptionValues, out: Out): Promise<number> {
  const result = await benchClassGrading({ graderRoot: root, copies: wholeNumber('--bench', values.bench), jobs: jobsOf(values), onLine: (line) => process.stderr.write(`${line}\n`) });
  out(values.json === true ? `${JSON.stringify(result, null, 2)}\n` : formatBench(result));
  return 0;
}

function sharedOptions(root: string, values: OptionValues): { graderRoot: string; pristineDir?: string; hiddenDir?: string } {
  if (values.course !== undefined && values.pristine !== undefined) throw new UsageError(GRADE_USAGE_ERRORS.courseTwice);
  return { graderRoot: root, ...optional('pristineDir', userPath(values.course ?? values.pristine)), ...optional('hiddenDir', userPath(values.hidden)) };
}

function hiddenVisibilityOf(values: OptionValues): GradescopeVisibility {
  const value = values['hidden-visibility'];
  if (value === undefined) return 'after_due_date';
  const known = GRADESCOPE_VISIBILITIES.find((item) => item === value);
  if (known === undefined) throw new UsageError(GRADE_USAGE_ERRORS.badVisibility(String(value), GRADESCOPE_VISIBILITIES.join(', ')));
  return known;
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
