// `npm run check` end to end on the fixture course, in a temporary copy, the way a
// learner runs it: pass, fail, type error, static-rule finding, hang, exit, bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyCourse, fixtureRoot, type CourseCopy } from '../support/course-copy.js';
import { unwrapped } from '../support/report-text.js';

let course: CourseCopy;
const starter = () => course.read('exercises/01-greet/starter/greet.ts');
const solution = () => course.read('solutions/01-greet/greet.ts');
const learnerFile = 'exercises/01-greet/src/greet.ts';

beforeAll(() => {
  course = copyCourse(fixtureRoot, ['01-greet']);
});
afterAll(() => course.remove());

describe('npm run check <exercise>', () => {
  it('shows per-task failures for the starter and exits 1', async () => {
    course.write(learnerFile, starter());
    const result = await course.run(['check', 'exercise-01']);
    expect(result.stdout).toContain('task 1  Greet by name');
    expect(result.stdout).toMatch(/task 1 .* 0\/2/);
    expect(result.stdout).toContain('Failure in the task you are on: task 1: greet by name › greets a name');
    expect(result.stdout, 'the failing tests are named under their task').toMatch(/task 1 .* 0\/2\n +✗ greets a name\n +✗ trims the name/);
    expect(result.stdout).toContain('npm run hint 01');
    expect(result.exitCode).toBe(1);
  });

  it('passes and exits 0 with the solution, and accepts 01, 1 and the slug', async () => {
    course.write(learnerFile, solution());
    for (const id of ['exercise-01', '01', '1', 'greet']) {
      const result = await course.run(['check', id]);
      expect(result.stdout, `check ${id}`).toMatch(/task 2 .* 1\/1/);
      expect(result.exitCode, `check ${id}:\n${result.stdout}`).toBe(0);
    }
  });

  it('reports a type error as file:line:col with the source line', async () => {
    course.write(learnerFile, `${solution()}\nexport const broken: number = 'text';\n`);
    const result = await course.run(['check', '01']);
    expect(result.stdout).toContain("exercises/01-greet/src/greet.ts:10:14 TS2322 Type 'string' is not assignable to type 'number'.");
    expect(result.stdout).toContain("export const broken: number = 'text';");
    expect(result.exitCode).toBe(1);
  });

  it('reports a syntax error as file:line:col with the line, and every task as not run', async () => {
    course.write(learnerFile, 'export function greet(name: string): string {\n  return `Hello, ${name}!` +;\n}\n');
    const result = await course.run(['check', '01']);
    expect(result.stdout).toMatch(/exercises\/01-greet\/src\/greet\.ts:2:\d+ TS1109/);
    expect(result.stdout).toContain('return `Hello, ${name}!` +;');
    expect(result.stdout).toMatch(/task 1 .* not run/);
    expect(result.exitCode).toBe(1);
  });

  it('reports a static-rule finding as file:line with why it matters, even when every test passes', async () => {
    course.write(learnerFile, solution().replace("return { error: 'internal server error' };", "return process.env.DEBUG ? { error: String(error.stack) } : { error: 'internal server error' };"));
    const result = await course.run(['check', '01']);
    expect(result.stdout).toContain('exercises/01-greet/src/greet.ts:7 no-stack-in-response');
    expect(result.stdout).toContain('why: a stack trace in a response');
    expect(result.stdout).toMatch(/task 2 .* 1\/1/);
    expect(result.exitCode).toBe(1);
  });

  it('names the test that hangs in an endless loop, stops it in bounded time, and the next check works', async () => {
    course.write(learnerFile, solution().replace('return `Hello, ${name.trim()}!`;', 'while (true) {}'));
    const hung = await course.run(['check', '01'], { timeoutMs: 90_000 });
    expect(unwrapped(hung.stdout)).toContain('the test "greets a name" in exercises/01-greet/tests/greet.test.ts kept a CPU busy for');
    expect(hung.exitCode).toBe(1);
    course.write(learnerFile, solution());
    expect((await course.run(['check', '01'])).exitCode).toBe(0);
  });

  it('ends a run whose describe hook waits for ever after a finished test, once, naming that test, and the next check works', async () => {
    const testFile = 'exercises/01-greet/tests/greet.test.ts';
    const original = course.read(testFile);
    const hooked = original
      .replace("import { describe,", "import { beforeAll, describe,")
      .replace("describe('task 2: describe an error', () => {", "describe('task 2: describe an error', () => {\n  beforeAll(() => new Promise(() => undefined));");
    course.write(learnerFile, solution());
    course.write(testFile, hooked);
    try {
      const hung = unwrapped((await course.run(['check', '01'], { timeoutMs: 120_000 })).stdout);
      expect(hung).toContain('the test "trims the name" in exercises/01-greet/tests/greet.test.ts finished, but nothing happened for');
      // Stopping the next run at that test cannot keep the beforeAll from running: the file
      // is settled instead of being run again from one test earlier each time.
      expect(hung).not.toContain('the test "greets a name"');
    } finally {
      course.write(testFile, original);
    }
    expect((await course.run(['check', '01'])).exitCode).toBe(0);
  });

  it('does not take process.exit(0) in learner code as a pass', async () => {
    course.write(learnerFile, solution().replace('return `Hello, ${name.trim()}!`;', 'process.exit(0);'));
    const result = await course.run(['check', '01']);
    expect(result.stdout).toContain('process.exit unexpectedly called with "0"');
    expect(result.exitCode).toBe(1);
  });

  it('reports a throw at import by file, with every task not run', async () => {
    course.write(learnerFile, `throw new Error('broken at import');\n${solution()}`);
    const result = await course.run(['check', '01']);
    expect(result.stdout).toContain('exercises/01-greet/tests/greet.test.ts: broken at import');
    expect(result.stdout).toMatch(/task 2 .* not run/);
    expect(result.exitCode).toBe(1);
  });

  it('refuses an unknown exercise in one line that lists the valid ones, with exit code 2', async () => {
    for (const id of ['exercise-99', 'nonsense']) {
      const result = await course.run(['check', id]);
      expect(result.stderr.trim()).toBe(`unknown exercise "${id}": valid ones are exercise-01 (greet)`);
      expect(result.stdout).toBe('');
      expect(result.exitCode).toBe(2);
    }
  });

  it('prints the result as JSON with --reporter json', async () => {
    course.write(learnerFile, solution());
    const result = await course.run(['check', '01', '--reporter', 'json']);
    const parsed = JSON.parse(result.stdout) as { passed: boolean; tasks: { number: number; passed: number; total: number }[] };
    expect(parsed.passed).toBe(true);
    expect(parsed.tasks).toEqual([
      { number: 1, title: 'Greet by name', points: 1, passed: 2, total: 2 },
      { number: 2, title: 'Describe an error', points: 2, passed: 1, total: 1 },
    ]);
  });
});

describe('npm run check with no exercise', () => {
  it('shows every exercise with its state and an overall progress bar', async () => {
    course.write(learnerFile, solution());
    await course.run(['check', '01']);
    const result = await course.run(['check']);
    expect(result.stdout).toContain('backend-katas: 1 of 1 exercises done');
    expect(result.stdout).toMatch(/✓ exercise-01 +greet +Greeter +done/);
    expect(result.stdout).toContain('100% (2 of 2 tasks)');
    expect(result.exitCode).toBe(0);
  });

  it('survives a deleted or damaged progress file', async () => {
    course.write('.katas/progress.json', '{ not json');
    const result = await course.run(['check']);
    expect(result.stdout).toMatch(/· exercise-01 +greet +Greeter +not started/);
    expect(result.exitCode).toBe(0);
  });
});
