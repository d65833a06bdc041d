// `npm run grade -- --bench <n>`: what grading a class costs. Makes n copies of this
// course (each exercise holding either the starter or the reference solution, mixed),
// times one grade of a single copy, then the class grading of all n, and reports the
// ratio to n separate grades. One grade is the mean of four: the two mixes of the
// copies, each graded once before the class and once after it, because a shared
// machine's speed drifts over the minutes a class takes (a fixed CPU loop here took
// 4.0 s to 5.0 s in one quarter of an hour) and a ratio of two times measured at
// different moments would carry that drift.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { loadCourse } from '../course/discover.js';
import type { Exercise } from '../course/exercise.js';
import { assembleVariant } from '../course/variants.js';
import { gradeClass } from './class/grade-class.js';

export const BENCH_TARGET_RATIO = 0.6;
const BENCH_TIMEOUT_MS = 900_000;

export interface BenchOptions {
  graderRoot: string;
  copies: number;
  jobs: number;
  onLine: (line: string) => void;
}

export interface BenchResult {
  copies: number;
  jobs: number;
  cores: number;
  exercises: number;
  /** Mean wall time of grading one copy on its own (each of two copies, before and after the class). */
  singleMs: number;
  /** How many single grades that mean is of. */
  singleRuns: number;
  classMs: number;
  ratio: number;
  target: number;
  graded: number;
}

export async function benchClassGrading({ graderRoot, copies, jobs, onLine }: BenchOptions): Promise<BenchResult> {
  const course = loadCourse(graderRoot);
  const dir = mkdtempSync(path.join(tmpdir(), 'katas-bench-'));
  try {
    const names = Array.from({ length: copies }, (_, index) => `learner-${String(index + 1).padStart(2, '0')}`);
    names.forEach((name, index) => makeCopy(course, path.join(dir, 'submissions', name), index));
    const grade = (submissionsDir: string, out: string, jobCount: number) =>
      gradeClass({ graderRoot, submissionsDir, outDir: path.join(dir, out), pristineDir: graderRoot, jobs: jobCount, timeoutMs: BENCH_TIMEOUT_MS, progress: { write: () => true } });
    const singles: number[] = [];
    const gradeAlone = async (when: string) => {
      for (const name of names.slice(0, 2)) {
        const alone = path.join(dir, `alone-${name}`);
        if (!existsSync(alone)) cpSync(path.join(dir, 'submissions', name), path.join(alone, name), { recursive: true });
        const started = Date.now();
        await grade(alone, `out-${name}`, 1);
        singles.push(Date.now() - started);
        onLine(`one grade (${name}, ${when} the class): ${singles.at(-1)} ms`);
      }
    };
    await gradeAlone('before');
    const started = Date.now();
    const report = await grade(path.join(dir, 'submissions'), 'out-class', jobs);
    const classMs = Date.now() - started;
    onLine(`class of ${copies}, ${jobs} at a time: ${classMs} ms`);
    await gradeAlone('after');
    const singleMs = Math.round(singles.reduce((sum, value) => sum + value, 0) / singles.length);
    const graded = report.learners.filter((learner) => learner.status === 'graded').length;
    return { copies, jobs, cores: availableParallelism(), exercises: course.length, singleMs, classMs, singleRuns: singles.length, ratio: classMs / (copies * singleMs), target: BENCH_TARGET_RATIO, graded };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A learner's checkout of the exercises: each with the solution or the starter in src/, alternating by learner and exercise. */
function makeCopy(course: readonly Exercise[], root: string, index: number): void {
  for (const exercise of course) {
    const target = path.join(root, 'exercises', exercise.folder);
    cpSync(exercise.dir, target, { recursive: true, filter: (source) => !['node_modules', '.vite'].includes(path.basename(source)) });
    rmSync(path.join(target, 'src'), { recursive: true, force: true });
    const solved = (index + exercise.order) % 2 === 0;
    assembleVariant(exercise, solved ? 'solution' : 'starter', path.join(target, 'src'));
  }
}

export function formatBench(result: BenchResult): string {
  return [
    `${result.copies} copies of ${result.exercises} exercises, ${result.jobs} at a time on ${result.cores} cores (${result.graded} graded)`,
    `one grade: ${result.singleMs} ms (mean of ${result.singleRuns}, before and after the class)`,
    `the class: ${result.classMs} ms`,
    `ratio to ${result.copies} × one grade: ${result.ratio.toFixed(2)} (target: under ${result.target})`,
    '',
  ].join('\n');
}
