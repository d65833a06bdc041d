// The quick self-check (a mutant runs only the test files that reach the files it
// changes, up to its first failing test, and no test when a static rule flags it) must
// reach the verdicts of the full one (--all-tests), on a course where the difference
// matters: a second source file and a test file that never imports greet.ts. Run twice:
// the second run has the record of the test that caught each mutant, and runs it alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyCourse, fixtureRoot, type CliResult, type CourseCopy } from '../support/course-copy.js';

interface Verdicts {
  ok: boolean;
  exercises: { id: string; tests: number; mutants: number; mutantsKilled: number; survivors: string[]; starterFailingTasks: number; starterPassingTasks: number[]; starterPassingTests: string[]; solutionPasses: boolean; structure: string[]; ok: boolean }[];
}

let course: CourseCopy;
let quick: CliResult;
let warm: CliResult;
let full: CliResult;

beforeAll(async () => {
  course = copyCourse(fixtureRoot, ['01-greet']);
  addShout(course);
  // One after the other: side by side, two runs would starve each other's workers.
  quick = await course.run(['selfcheck', '--json'], { timeoutMs: 240_000 });
  warm = await course.run(['selfcheck', '--json'], { timeoutMs: 240_000 });
  full = await course.run(['selfcheck', '--json', '--all-tests'], { timeoutMs: 240_000 });
});
afterAll(() => course.remove());

describe('npm run selfcheck, quick and --all-tests', () => {
  it('reaches the same verdicts: the starter fails, the solution passes, the same mutants are killed and survive', () => {
    const verdicts = verdictsOf(quick);
    expect(verdicts).toEqual(verdictsOf(full));
    expect(verdictsOf(warm), 'a mutant running alone the test that caught it last time').toEqual(verdicts);
    expect(verdicts.exercises).toEqual([
      expect.objectContaining({ tests: 5, mutants: 4, mutantsKilled: 3, survivors: ['upper-then-lower'], starterFailingTasks: 2, solutionPasses: true, structure: [] }),
    ]);
    expect([quick.exitCode, full.exitCode]).toEqual([1, 1]);
  });

  it('runs a mutant only in the test files that import what it changes, and none for a mutant a static rule flags', () => {
    // Starter and solution: 2 files each. Quick: no-trim 1 (its likeliest file), shout-lower 1 (only
    // shout.test.ts imports shout.ts), stack-behind-debug 0 (a rule flags it), the survivor 1, then 1 more.
    expect(quick.stderr).toContain('exercise-01 greet: 7 test file runs done');
    expect(quick.stderr).toContain('exercise-01 greet: 1 more test file runs');
    expect(full.stderr).toContain('exercise-01 greet: 12 test file runs done');
    // With the record: the same files, each caught mutant's file running only its killer test.
    expect(warm.stderr).toContain('exercise-01 greet: 7 test file runs done');
    expect(warm.stderr).toContain('exercise-01 greet: 1 more test file runs');
  });
});

/** What the self-check decides, without what differs from run to run (its duration). */
function verdictsOf(result: CliResult): Verdicts {
  const report = JSON.parse(result.stdout) as Verdicts;
  const exercises = report.exercises.map(({ id, tests, mutants, mutantsKilled, survivors, starterFailingTasks, starterPassingTasks, starterPassingTests, solutionPasses, structure, ok }) => ({ id, tests, mutants, mutantsKilled, survivors, starterFailingTasks, starterPassingTasks, starterPassingTests, solutionPasses, structure, ok }));
  return { ok: report.ok, exercises };
}

/** A second learner file that builds on greet.ts, its tests, and mutants of both. */
function addShout(copy: CourseCopy): void {
  const manifest = JSON.parse(copy.read('exercises/01-greet/exercise.json')) as { files: string[]; tests: string[] };
  copy.write('exercises/01-greet/exercise.json', JSON.stringify({ ...manifest, files: [...manifest.files, 'src/shout.ts'], tests: [...manifest.tests, 'tests/shout.test.ts'] }, null, 2));
  const shout = ["import { greet } from './greet.js';", '', 'export function shout(name: string): string {', '  return greet(name).toUpperCase();', '}', ''].join('\n');
  const stub = ['export function shout(name: string): string {', '  throw new Error(`TODO: task 1 — shout ${name}`);', '}', ''].join('\n');
  copy.write('solutions/01-greet/shout.ts', shout);
  copy.write('exercises/01-greet/starter/shout.ts', stub);
  copy.write('exercises/01-greet/src/shout.ts', stub);
  copy.write(
    'exercises/01-greet/tests/shout.test.ts',
    ["import { describe, expect, it } from 'vitest';", "import { shout } from '../src/shout.js';", '', "describe('task 1: greet by name', () => {", "  it('shouts a greeting', () => {", "    expect(shout('Ada')).toBe('HELLO, ADA!');", '  });', "  it('shouts a trimmed name', () => {", "    expect(shout(' Ada ')).toBe('HELLO, ADA!');", '  });', '});', ''].join('\n'),
  );
  // The README says what shout does, and the trace ties its two tests to that rule.
  copy.write('exercises/01-greet/README.md', copy.read('exercises/01-greet/README.md').replace('## 2. Describe an error', '`shout(name)` is the greeting in capitals.\n\n## 2. Describe an error'));
  const trace = JSON.parse(copy.read('exercises/01-greet/rules.json')) as { rules: { task: number; rule: string; tests: string[] }[] };
  trace.rules.push({ task: 1, rule: '`shout(name)` is the greeting in capitals.', tests: ['shouts a greeting', 'shouts a trimmed name'] });
  copy.write('exercises/01-greet/rules.json', JSON.stringify(trace, null, 2));
  copy.write(
    'tests/mutants/01-greet/shout-lower.patch',
    ['Does not shout.', '', '--- a/shout.ts', '+++ b/shout.ts', '@@ -3,3 +3,3 @@', ' export function shout(name: string): string {', '-  return greet(name).toUpperCase();', '+  return greet(name);', ' }', ''].join('\n'),
  );
  copy.write(
    'tests/mutants/01-greet/upper-then-lower.patch',
    ['Changes the case twice (no test can tell).', '', '--- a/greet.ts', '+++ b/greet.ts', '@@ -6,3 +6,3 @@', '   console.error(error.stack);', "-  return { error: 'internal server error' };", "+  return { error: 'internal server error'.toUpperCase().toLowerCase() };", ' }', ''].join('\n'),
  );
}
