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

const TIMEOUT_S = 60;
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
  result = await course.run(['grade', '--submissions', submissions, '--out', out, '--course', fixtureRoot, '--timeout', String(TIMEOUT_S)], { timeoutMs: 300_000 });
}, 320_000);

afterAll(() => {
  course.remove();
  rmSync(submissions, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});

function csvRows(): string[][] {
  // No field here holds a comma, a quote or a line break, so a split is a faithful parse.
  const text = readFileSync(path.join(out, 'class.csv'), 'utf8');
  expect(text.startsWith('\uFEFF'), 'a UTF-8 byte-order mark first').toBe(true);
  return text.slice(1).trimEnd().split('\r\n').map((line) => line.split(','));
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
    expect(dan.tests.find((test) => test.name.endsWith('greets a name'))?.message).toContain('kept a CPU busy for');
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

describe.skipIf(process.platform === 'win32')('npm run grade -- --submissions --shard k/n, then --merge', () => {
  let small: string;
  const outs: string[] = [];
  const run = async (...args: string[]) => {
    const target = mkdtempSync(path.join(tmpdir(), 'katas-shard-out-'));
    outs.push(target);
    const ran = await course.run(['grade', ...args, '--out', target, '--quiet'], { timeoutMs: 240_000 });
    return { ran, target };
  };

  beforeAll(() => {
    small = mkdtempSync(path.join(tmpdir(), 'katas-shard-'));
    for (const [name, code] of [['ann-solution', solution], ['bob-half', solution.replace('name.trim()', 'name')], ['cy-starter', undefined]] as const) {
      cpSync(exerciseDir, path.join(small, name, 'exercises', '01-greet'), { recursive: true });
      if (code !== undefined) writeFileSync(path.join(small, name, 'exercises', '01-greet', 'src', 'greet.ts'), code);
    }
    mkdirSync(path.join(small, 'dee-empty'));
  });
  afterAll(() => {
    rmSync(small, { recursive: true, force: true });
    for (const dir of outs) rmSync(dir, { recursive: true, force: true });
  });

  it('gives, merged from two machines\' shards, the class.csv one machine gives, byte for byte, and every learner\'s reports', async () => {
    const common = ['--submissions', small, '--course', fixtureRoot];
    const [whole, first, second] = await Promise.all([run(...common), run(...common, '--shard', '1/2'), run(...common, '--shard', '2/2')]);
    expect(whole.ran.exitCode, whole.ran.stderr).toBe(1);
    const rows = (dir: string) => (JSON.parse(readFileSync(path.join(dir, 'class.json'), 'utf8')) as { name: string }[]).map((row) => row.name);
    expect([rows(first!.target), rows(second!.target)]).toEqual([['ann-solution', 'cy-starter'], ['bob-half', 'dee-empty']]);

    const merged = await run('--merge', first!.target, second!.target);
    expect(merged.ran.exitCode, merged.ran.stderr).toBe(1);
    expect(readFileSync(path.join(merged.target, 'class.csv'), 'utf8')).toBe(readFileSync(path.join(whole.target, 'class.csv'), 'utf8'));
    expect(readFileSync(path.join(merged.target, 'learners', 'bob-half', 'results.json'), 'utf8')).toContain('"earned": 2.5');

    const twice = await course.run(['grade', '--merge', first!.target, first!.target, '--out', path.join(small, 'x')]);
    expect([twice.exitCode, twice.stderr.trim()]).toEqual([2, '--merge: the learner ann-solution is in two shards; give each shard\'s folder once']);
    const bad = await course.run(['grade', '--submissions', small, '--shard', '3/2']);
    expect([bad.exitCode, bad.stderr.trim()]).toEqual([2, '--shard must be k/n with 1 ≤ k ≤ n (e.g. 2/4), not "3/2"']);
  }, 600_000);
});
