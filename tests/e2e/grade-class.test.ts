// `npm run grade -- --submissions <folder>` end to end: a class of checkouts of the
// fixture course (starter, solution, an edited test, an endless loop, a grading process
// that hangs for real, an empty folder, the exercise untouched or with only its README
// edited), each graded in isolation, into a CSV and HTML.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyCourse, fixtureRoot, type CourseCopy, type CliResult } from '../support/course-copy.js';
import { parseResults } from '../runner/grade/support/parse-formats.js';

const TIMEOUT_S = 40;
let course: CourseCopy;
let submissions: string;
let out: string;
let result: CliResult;

const exerciseDir = path.join(fixtureRoot, 'exercises', '01-greet');
const solution = readFileSync(path.join(fixtureRoot, 'solutions', '01-greet', 'greet.ts'), 'utf8');

function learner(name: string, greet?: string): string {
  const root = path.join(submissions, name);
  cpSync(exerciseDir, path.join(root, 'exercises', '01-greet'), { recursive: true });
  if (greet !== undefined) writeFileSync(path.join(root, 'exercises', '01-greet', 'src', 'greet.ts'), greet);
  return root;
}

beforeAll(async () => {
  course = copyCourse(fixtureRoot, ['01-greet']);
  submissions = mkdtempSync(path.join(tmpdir(), 'katas-class-'));
  out = path.join(submissions, '..', `${path.basename(submissions)}-out`);
  learner('ada-starter');
  learner('ben-solution', solution);
  const cheat = learner('cat-edited-test', solution.replace('name.trim()', 'name'));
  const testFile = path.join(cheat, 'exercises', '01-greet', 'tests', 'greet.test.ts');
  writeFileSync(testFile, readFileSync(testFile, 'utf8').replace("it('trims the name'", "it.skip('trims the name'"));
  learner('dan-endless-loop', solution.replace('return `Hello, ${name.trim()}!`;', 'while (true) {}'));
  // A test file that is a named pipe: reading it blocks the grading process itself, a hang no watchdog can stop.
  const stuck = learner('eve-stuck');
  const stuckTest = path.join(stuck, 'exercises', '01-greet', 'tests', 'greet.test.ts');
  rmSync(stuckTest);
  await execa('mkfifo', [stuckTest]);
  mkdirSync(path.join(submissions, 'fay-empty'));
  learner('gus-untouched');
  const readme = path.join(learner('hal-readme'), 'exercises', '01-greet', 'README.md');
  writeFileSync(readme, `${readFileSync(readme, 'utf8')}\nMy notes.\n`);
  result = await course.run(['grade', '--submissions', submissions, '--out', out, '--pristine', fixtureRoot, '--timeout', String(TIMEOUT_S)], { timeoutMs: 300_000 });
}, 320_000);

afterAll(() => {
  course.remove();
  rmSync(submissions, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});

function csvRows(): string[][] {
  // No field here holds a comma, a quote or a line break, so a split is a faithful parse.
  return readFileSync(path.join(out, 'class.csv'), 'utf8').trimEnd().split('\r\n').map((line) => line.split(','));
}

describe.skipIf(process.platform === 'win32')('npm run grade -- --submissions', () => {
  it('grades every learner in isolation into the CSV: points per exercise, the cheat\'s edit without effect', () => {
    expect(result.exitCode, result.stderr).toBe(1);
    const rows = csvRows();
    expect(rows[0]).toEqual(['learner', 'status', 'exercise-01 greet (3)', 'total (3)', 'course files changed', 'note']);
    expect(rows.slice(1, 5).map((row) => row.slice(0, 5))).toEqual([
      ['ada-starter', 'graded', '0', '0', '0'],
      ['ben-solution', 'graded', '3', '3', '0'],
      ['cat-edited-test', 'graded', '2.5', '2.5', '2'],
      ['dan-endless-loop', 'graded', '0', '0', '0'],
    ]);
  });

  it('turns a grading process that hangs, and a folder that is no course, into error rows, and goes on with the others', () => {
    const rows = csvRows();
    expect(rows[5]?.slice(0, 2)).toEqual(['eve-stuck', 'error']);
    expect(rows[5]?.at(-1)).toBe(`grading did not finish within ${TIMEOUT_S} s (a hang the runner could not stop); the process was killed`);
    expect(rows[6]?.slice(0, 2)).toEqual(['fay-empty', 'error']);
    expect(rows[6]?.at(-1)).toContain('is not a backend-katas repository');
  });

  it('keeps each learner\'s reports, in every format', () => {
    const cat = parseResults(readFileSync(path.join(out, 'learners', 'cat-edited-test', 'results.json'), 'utf8'));
    expect(cat.tamper).toMatchObject({ changed: ['exercises/01-greet/tests/greet.test.ts'], markers: [expect.objectContaining({ marker: '.skip' })] });
    const dan = parseResults(readFileSync(path.join(out, 'learners', 'dan-endless-loop', 'results.json'), 'utf8'));
    expect(dan.tests.find((test) => test.name.endsWith('greets a name'))?.message).toContain('was still running after');
    for (const file of ['junit.xml', 'summary.md', 'classroom-result.txt']) expect(readFileSync(path.join(out, 'learners', 'ben-solution', file), 'utf8').length).toBeGreaterThan(0);
  });

  it('grades an exercise that several learners left as handed out once, on the pristine copy, with the result a run of its own gives', () => {
    // ada, gus and eve (whose only change is to a test file, which grading never takes from a learner).
    expect(result.stderr).toContain('graded once on the pristine copy: 01-greet, which 3 learner exercises leave exactly as handed out and take that result');
    const read = (name: string) => parseResults(readFileSync(path.join(out, 'learners', name, 'results.json'), 'utf8'));
    const [ada, gus, hal, ben] = ['ada-starter', 'gus-untouched', 'hal-readme', 'ben-solution'].map(read);
    expect([ada, gus, hal, ben].map((learner) => learner?.exercises[0]?.untouched)).toEqual([true, true, false, false]);
    // hal's code is the starter too, but a README edit makes the folder theirs: their own run shows what the shared result must be.
    const outcome = (learner: typeof ada) => learner?.tests.map((test) => [test.name, test.status, test.message]);
    expect(outcome(ada)).toEqual(outcome(hal));
    expect(outcome(gus)).toEqual(outcome(hal));
    expect(ada?.points).toEqual(hal?.points);
  });

  it('writes the HTML class report and a progress line per learner, and sums up', () => {
    const html = readFileSync(path.join(out, 'class.html'), 'utf8');
    expect(html).toContain('<title>Class report: 8 learners</title>');
    expect(html).toContain('not graded: grading did not finish within');
    expect(result.stderr).toMatch(/^\[\d\/8\] ben-solution: 3 \/ 3 points \(\d+ s\)$/m);
    expect(result.stdout).toContain('Graded 6 of 8 learners');
    // ben is the only one of the 6 graded learners to pass it.
    expect(result.stdout).toContain('exercise-01 task 1 (Greet by name): 17% pass');
  });
});
