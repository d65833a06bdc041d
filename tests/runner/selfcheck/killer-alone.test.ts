// A mutant the last self-check caught, on the very same copy, runs in the first wave only
// the test that caught it: every other test of the file is skipped, and so are the hooks
// of the describe blocks that do not hold it. In a child process on a copy of the course,
// in a shared thread, as the self-check runs it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneOffCourse, type OneOffCourse } from '../../support/one-off-course.js';

let course: OneOffCourse;

// Each describe's hook leaves its mark at the course's root, three folders above the copy's test file.
const TESTS = `import { writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
describe('task 1: first', () => {
  beforeAll(() => {
    writeFileSync(new URL('../../../first-started', import.meta.url), 'started');
  });
  it('comes before', () => {
    expect(1).toBe(1);
  });
});
describe('task 2: second', () => {
  beforeAll(() => {
    writeFileSync(new URL('../../../second-started', import.meta.url), 'started');
  });
  it('caught it last time', () => {
    expect(1).toBe(2);
  });
  it('comes after', () => {
    expect(1).toBe(1);
  });
});
`;

beforeAll(async () => {
  course = await oneOffCourse([{ folder: '01-alone', tests: { 'a.test.ts': TESTS }, tasks: ['first', 'second'] }]);
}, 120_000);

afterAll(() => course.remove());

describe("a mutant's recorded killer test", () => {
  it('runs alone: the other tests are skipped, and only the hooks of its own describe block run', async () => {
    const { compiled, root } = course;
    const script = `
      const { loadCourse, resolveExercise } = await import(${compiled('course/discover.js')});
      const { runSettled } = await import(${compiled('sandbox/run-settled.js')});
      const { makeCopy, removeCopies } = await import(${compiled('selfcheck/copies.js')});
      const { assembleVariant } = await import(${compiled('course/variants.js')});
      const exercise = resolveExercise(loadCourse(process.cwd()), 'alone');
      const copy = makeCopy(process.cwd(), exercise, 'mutant.x', (dir) => assembleVariant(exercise, 'starter', dir));
      const target = { name: 'mutant', exercise: copy, only: 'task 2: second > caught it last time' };
      const outcomes = await runSettled(process.cwd(), [target], { sharedThreads: true, maxWorkers: 1 });
      removeCopies(process.cwd());
      process.stdout.write(JSON.stringify(outcomes.get('mutant').tests.map((test) => [test.name, test.state])), () => process.exit(0));
    `;
    expect(JSON.parse(await course.runScript(script))).toEqual([
      ['comes before', 'skipped'],
      ['caught it last time', 'failed'],
      ['comes after', 'skipped'],
    ]);
    expect(existsSync(path.join(root, 'first-started')), "task 1's beforeAll ran, though none of its tests was to run").toBe(false);
    expect(existsSync(path.join(root, 'second-started')), "the killer test's own describe block runs its hooks").toBe(true);
  }, 120_000);
});
