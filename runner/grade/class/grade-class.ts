// `npm run grade -- --submissions <folder>`: every subfolder is one learner's checkout,
// graded in a process of its own (`grade --root <subfolder>`), at most `jobs` at a time,
// each within a time limit, so one learner's hanging or crashing code costs only their
// own row. Exercises several learners left as handed out are graded once beforehand
// (untouched-once.ts). Then the class CSV and HTML report.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { UsageError } from '../../commands/types.js';
import { GRADE_USAGE_ERRORS } from '../messages.js';
import { OUTPUT_FILES } from '../write-outputs.js';
import { buildClassReport } from './class-report.js';
import { formatClassCsv } from './csv.js';
import { formatClassHtml } from './html.js';
import { killAllChildren, runChild, type ChildOutcome } from './child-process.js';
import { runPool } from './pool.js';
import { pickShard, type Shard } from './shard.js';
import { gradeUntouchedOnce, type UntouchedOnce } from './untouched-once.js';
import { ClassProgress, type ProgressStream } from './progress.js';
import { readLearnerResults } from './read-learner.js';
import type { ClassReport, LearnerResult } from './types.js';

export interface ClassOptions {
  graderRoot: string;
  submissionsDir: string;
  outDir: string;
  pristineDir: string;
  hiddenDir?: string;
  /** Grade only this shard of the sorted learners (--shard k/n); --merge puts the shards together. */
  shard?: Shard;
  /** Handed to each learner's grading: when Gradescope shows hidden tests' entries. */
  hiddenVisibility?: string;
  jobs: number;
  timeoutMs: number;
  progress: ProgressStream;
}

/** rows: every learner's row as JSON, what --merge reads back from each shard. */
export const CLASS_FILES = { csv: 'class.csv', html: 'class.html', rows: 'class.json', learners: 'learners', untouched: 'untouched.json' } as const;

export const CLASS_MESSAGES = {
  timedOut: (seconds: number) => `grading did not finish within ${seconds} s (a hang the runner could not stop); the process was killed`,
  crashed: (code: string, detail: string) => `the grading process ended with ${code}${detail ? `: ${detail}` : ''}`,
  unreadable: (detail: string) => `the grading process wrote no usable results.json (${detail})`,
  untouched: (folders: readonly string[], reused: number) =>
    `graded once on the pristine copy: ${folders.join(', ')}, which ${reused} learner exercises leave exactly as handed out and take that result`,
} as const;

export async function gradeClass(options: ClassOptions): Promise<ClassReport> {
  const started = Date.now();
  const names = pickShard(listSubmissions(options.submissionsDir), options.shard);
  const learnersDir = path.join(options.outDir, CLASS_FILES.learners);
  rmSync(learnersDir, { recursive: true, force: true });
  mkdirSync(learnersDir, { recursive: true });
  const untouched = await gradeUntouchedFirst(options, names);
  const progress = new ClassProgress(options.progress, names.length);
  const interrupt = () => {
    killAllChildren();
    process.exit(130);
  };
  process.once('SIGINT', interrupt);
  try {
    const learners = await runPool(names, options.jobs, async (name) => {
      progress.started(name);
      const result = await gradeLearner(options, name, path.join(learnersDir, name), untouched.file);
      progress.finished(result);
      return result;
    });
    progress.end();
    const csv = path.join(options.outDir, CLASS_FILES.csv);
    const html = path.join(options.outDir, CLASS_FILES.html);
    const report = buildClassReport(learners, { files: [csv, html], jobs: options.jobs, generatedAt: new Date(started).toISOString(), durationMs: Date.now() - started });
    writeFileSync(csv, formatClassCsv(report));
    writeFileSync(html, formatClassHtml(report));
    writeFileSync(path.join(options.outDir, CLASS_FILES.rows), `${JSON.stringify(learners, null, 2)}\n`);
    return report;
  } finally {
    process.removeListener('SIGINT', interrupt);
  }
}

function listSubmissions(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(GRADE_USAGE_ERRORS.noSuchFolder('--submissions', dir));
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort(compareLearnerNames);
  if (names.length === 0) throw new UsageError(GRADE_USAGE_ERRORS.noSubmissions(dir));
  return names;
}

/** The one order of learners, in a run and in a merge of shards. */
export function compareLearnerNames(a: string, b: string): number {
  return a.localeCompare(b);
}

/** The exercises several learners left as handed out, graded once on the pristine copy before anyone's own code runs. */
async function gradeUntouchedFirst(options: ClassOptions, names: readonly string[]): Promise<UntouchedOnce> {
  const file = path.join(options.outDir, CLASS_FILES.untouched);
  rmSync(file, { force: true });
  const learnerRoots = names.map((name) => path.join(options.submissionsDir, name));
  const once = await gradeUntouchedOnce({ graderRoot: options.graderRoot, pristineDir: options.pristineDir, learnerRoots, file, ...(options.hiddenDir ? { hiddenDir: options.hiddenDir } : {}) });
  if (once.folders.length > 0) options.progress.write(`${CLASS_MESSAGES.untouched(once.folders, once.reused)}\n`);
  return once;
}

async function gradeLearner(options: ClassOptions, name: string, outDir: string, untouchedFile: string | undefined): Promise<LearnerResult> {
  const args = [
    path.join(options.graderRoot, 'runner', 'bin.mjs'),
    'grade',
    '--root', path.join(options.submissionsDir, name),
    '--out', outDir,
    '--course', options.pristineDir,
    ...(options.hiddenDir ? ['--hidden', options.hiddenDir] : []),
    ...(options.hiddenVisibility ? ['--hidden-visibility', options.hiddenVisibility] : []),
    ...(untouchedFile ? ['--untouched', untouchedFile] : []),
    '--quiet',
  ];
  // The child's temporary files (its grading copy, whatever the learner's tests make) go
  // in a folder of its own, removed here even when the child had to be killed.
  const temporary = mkdtempSync(path.join(tmpdir(), 'katas-learner-'));
  const outcome = await runChild(process.execPath, args, { cwd: options.graderRoot, env: childEnv(temporary, options.jobs), timeoutMs: options.timeoutMs }).finally(() =>
    rmSync(temporary, { recursive: true, force: true }),
  );
  const failure = failureOf(outcome, options.timeoutMs);
  if (failure) return errorRow(name, failure, outcome.durationMs);
  try {
    return readLearnerResults(name, path.join(outDir, OUTPUT_FILES.results), outcome.durationMs);
  } catch (error) {
    return errorRow(name, CLASS_MESSAGES.unreadable((error as Error).message), outcome.durationMs);
  }
}

function failureOf(outcome: ChildOutcome, timeoutMs: number): string | undefined {
  if (outcome.timedOut) return CLASS_MESSAGES.timedOut(Math.round(timeoutMs / 1000));
  if (outcome.exitCode === 0) return undefined;
  const code = outcome.signal ? `signal ${outcome.signal}` : `exit code ${String(outcome.exitCode)}`;
  const lastLine = outcome.stderr.trim().split('\n').at(-1) ?? '';
  return CLASS_MESSAGES.crashed(code, lastLine.slice(0, 300));
}

function errorRow(name: string, message: string, durationMs: number): LearnerResult {
  return { name, status: 'error', message, exercises: [], points: { earned: 0, possible: 0 }, tampered: 0, durationMs };
}

/**
 * A learner's grade must not land in the instructor's own GitHub job summary or outputs.
 * The cores are shared among the grading processes: each runs its test files on its share
 * of them (VITEST_MAX_WORKERS, which the instructor may also set), not on all of them.
 */
function childEnv(temporary: string, jobs: number): NodeJS.ProcessEnv {
  const workers = process.env.VITEST_MAX_WORKERS ?? String(Math.max(1, Math.floor(availableParallelism() / jobs)));
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', TMPDIR: temporary, TMP: temporary, TEMP: temporary, VITEST_MAX_WORKERS: workers };
  for (const name of ['GITHUB_STEP_SUMMARY', 'GITHUB_OUTPUT', 'GITHUB_ACTIONS', 'INIT_CWD', 'FORCE_COLOR']) delete env[name];
  return env;
}
