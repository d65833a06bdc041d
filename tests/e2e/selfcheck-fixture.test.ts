// `npm run selfcheck` end to end on the fixture course: the bar an exercise must meet,
// and what an author sees when it does not.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyCourse, fixtureRoot, type CourseCopy } from '../support/course-copy.js';

let course: CourseCopy;

beforeEach(() => {
  course = copyCourse(fixtureRoot, ['01-greet']);
});
afterEach(() => course.remove());

interface Summary {
  ok: boolean;
  exercises: { id: string; tasks: number; tests: number; mutants: number; mutantsKilled: number; starterFailingTasks: number; solutionPasses: boolean; survivors: string[]; structure: string[] }[];
}

describe('npm run selfcheck', () => {
  it('passes an exercise whose starter fails every task, whose solution passes and whose mutants are all caught (one by a static rule)', async () => {
    const result = await course.run(['selfcheck']);
    expect(result.stdout).toContain('✓ exercise-01 greet');
    expect(result.stdout).toContain('starter fails 2/2 tasks · solution passes 3 tests · mutants killed 2/2');
    expect(result.stdout.trim().split('\n').at(-1)).toBe('selfcheck: 1 passed, 0 failed');
    expect(result.exitCode).toBe(0);
  });

  it('prints a machine-readable summary with --json', async () => {
    const result = await course.run(['selfcheck', '--json']);
    const summary = JSON.parse(result.stdout) as Summary;
    expect(summary.ok).toBe(true);
    expect(summary.exercises).toEqual([
      expect.objectContaining({ id: 'exercise-01', tasks: 2, tests: 3, mutants: 2, mutantsKilled: 2, starterFailingTasks: 2, solutionPasses: true, survivors: [], structure: [] }),
    ]);
  });

  it('fails and names a mutant that no test catches', async () => {
    course.write(
      'tests/mutants/01-greet/shouts.patch',
      ['Shouts the generic message (no test looks at the case).', '', '--- a/greet.ts', '+++ b/greet.ts', '@@ -6,3 +6,3 @@', '   console.error(error.stack);', "-  return { error: 'internal server error' };", "+  return { error: 'internal server error'.toUpperCase().toLowerCase() };", ' }', ''].join('\n'),
    );
    const result = await course.run(['selfcheck']);
    expect(result.stdout).toContain('mutant survives: shouts (Shouts the generic message (no test looks at the case).)');
    expect(result.stdout).toContain('it got past 3 tests, e.g. task 1: greet by name › greets a name;');
    expect(result.stdout).toContain('selfcheck: 0 passed, 1 failed');
    expect(result.exitCode).toBe(1);
  });

  it('reports a mutant whose patch no longer applies to the solution', async () => {
    course.write('solutions/01-greet/greet.ts', course.read('solutions/01-greet/greet.ts').replace('name.trim()', 'name.trim( )'));
    const result = await course.run(['selfcheck']);
    expect(result.stdout).toContain('mutant no-trim: the patch no longer applies to the solution');
    expect(result.exitCode).toBe(1);
  });

  it('fails an exercise one of whose tests passes on the starter, though every task fails there, and names the test', async () => {
    const starter = course.read('exercises/01-greet/starter/greet.ts');
    course.write('exercises/01-greet/starter/greet.ts', starter.replace('throw new Error(`TODO: task 1', "if (name === 'Ada') return 'Hello, Ada!';\n  throw new Error(`TODO: task 1"));
    const result = await course.run(['selfcheck']);
    const summary = JSON.parse((await course.run(['selfcheck', '--json'])).stdout) as Summary & { exercises: { starterPassingTests: string[] }[] };
    expect(summary.exercises[0]).toMatchObject({ ok: false, starterFailingTasks: 2, starterPassingTests: ['task 1: greet by name › greets a name'] });
    expect(result.stdout).toContain('passes on the starter: task 1: greet by name › greets a name; a test must first see the code work');
    expect(result.exitCode).toBe(1);
  });

  it('fails an exercise whose starter passes a task, and one whose README or hints miss a task', async () => {
    course.write('exercises/01-greet/starter/greet.ts', course.read('solutions/01-greet/greet.ts'));
    course.write('exercises/01-greet/hints.md', '## 1. Greet by name\n- a hint\n');
    course.write('exercises/01-greet/README.md', course.read('exercises/01-greet/README.md').replace('## 1. Greet by name\n', ''));
    const summary = JSON.parse((await course.run(['selfcheck', '--json'])).stdout) as Summary;
    expect(summary.ok).toBe(false);
    expect(summary.exercises[0]?.starterFailingTasks).toBe(0);
    expect(summary.exercises[0]).toMatchObject({ starterPassingTasks: [1, 2] });
    expect(summary.exercises[0]?.structure).toEqual(['README.md has no "## 1." heading for task 1', 'hints.md has no hints for task 2']);
  });
});

describe('npm run bench -- --selfcheck', () => {
  it('times the self-check against a plain vitest run of the reference solutions, before and after it, and counts the mutants', async () => {
    const result = await course.run(['bench', '--selfcheck', '--json']);
    const cost = JSON.parse(result.stdout) as { plainMs: number[]; selfcheckMs: number; ratio: number; mutants: number; warmCache: boolean; selfcheckPassed: boolean; targetRatio: number };
    expect(cost).toMatchObject({ mutants: 2, selfcheckPassed: true, warmCache: false, targetRatio: 5 });
    expect(cost.plainMs).toHaveLength(2);
    expect(cost.ratio).toBeCloseTo(cost.selfcheckMs / ((cost.plainMs[0]! + cost.plainMs[1]!) / 2), 1);
    expect(result.exitCode).toBe(0);
  });
});
