// A verdict belongs to the code, not to the machine: every reference solution, graded with
// busy loops beside it (three per core, each wanting a whole CPU), earns every point, as
// it does on an idle machine (the self-check proves the idle verdict on every run). The
// test asserts verdicts, never durations; a slower run is the expected price of the load.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyCourse, repoRoot, type CourseCopy } from '../support/course-copy.js';

const HOGS_PER_CORE = 3;
/** A busy loop that ends itself once this test process is gone, should it die before its afterAll. */
const HOG = 'const parent = Number(process.argv[1]); for (let i = 0; ; i += 1) if (i % 50_000_000 === 0 && process.ppid !== parent) process.exit();';

/** results.json as grading writes it (runner/reporters/exercism.ts): tests are listed once, for the whole course. */
interface GradedExercise {
  id: string;
  status: string;
  message: string | null;
  points: { earned: number; possible: number };
  problems: { message: string }[];
}
interface GradedTest {
  exercise: string;
  name: string;
  status: string;
  message: string | null;
}
interface GradeResults {
  exercises: GradedExercise[];
  tests: GradedTest[];
}

/** What failed, test by test: the verdict alone does not say which test the load broke. */
function failuresOf(exercise: GradedExercise, tests: readonly GradedTest[]): string[] {
  const failed = tests.filter((test) => test.exercise === exercise.id && test.status !== 'pass').map((test) => `${test.name} (${test.status}): ${test.message ?? ''}`);
  return [...failed, ...exercise.problems.map((problem) => problem.message)];
}

let course: CourseCopy;
let hogs: ChildProcess[] = [];

beforeAll(() => {
  const folders = readdirSync(path.join(repoRoot, 'exercises')).filter((name) => /^\d\d-/.test(name));
  course = copyCourse(repoRoot, folders);
  for (const folder of folders) cpSync(path.join(course.root, 'solutions', folder), path.join(course.root, 'exercises', folder, 'src'), { recursive: true });
  hogs = Array.from({ length: HOGS_PER_CORE * availableParallelism() }, () => spawn(process.execPath, ['-e', HOG, String(process.pid)], { stdio: 'ignore' }));
});

afterAll(() => {
  for (const hog of hogs) hog.kill('SIGKILL');
  course.remove();
});

describe('grading under contention', () => {
  it('gives every reference solution full points while busy loops compete for every core', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'katas-e2e-contention-'));
    try {
      const result = await course.run(['grade', '--out', out, '--quiet'], { timeoutMs: 1_200_000 });
      const report = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as GradeResults;
      const verdicts = report.exercises.map((exercise) => {
        const { id, status, points, message } = exercise;
        return { id, status, full: points.earned === points.possible, ...(status === 'pass' && points.earned === points.possible ? {} : { message, failures: failuresOf(exercise, report.tests) }) };
      });
      expect(verdicts, `the machine's load changed a verdict:\n${result.stderr}`).toEqual(report.exercises.map(({ id }) => ({ id, status: 'pass', full: true })));
      expect(result.exitCode).toBe(0);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 1_300_000);
});
