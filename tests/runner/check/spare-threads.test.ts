// Watch mode boots each run's test thread ahead of time. A booted-ahead thread must
// still be a fresh one: a run never sees what an earlier run left in its globals.
// In a child process on a copy of the course, as watch runs it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneOffCourse, type OneOffCourse } from '../../support/one-off-course.js';

let course: OneOffCourse;

const LEAKY_TEST = `import { threadId } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
const marked = globalThis as { leftBehind?: boolean };
describe('task 1: fresh thread', () => {
  it('finds nothing left by an earlier run', () => {
    console.log('thread ' + threadId);
    expect(marked.leftBehind).toBeUndefined();
    marked.leftBehind = true;
  });
});
`;

beforeAll(async () => {
  course = await oneOffCourse([{ folder: '01-leaky', tests: { 'a.test.ts': LEAKY_TEST, 'b.test.ts': LEAKY_TEST }, tasks: ['fresh thread'] }]);
}, 120_000);

afterAll(() => course.remove());

describe('a test session with spare threads', () => {
  it('runs every file of every run in a thread that never ran a test before', async () => {
    const { compiled } = course;
    const script = `
      const { loadCourse, resolveExercise } = await import(${compiled('course/discover.js')});
      const { TestSession } = await import(${compiled('check/test-run.js')});
      const { dropSpares } = await import(${compiled('vitest/spare-threads.js')});
      const exercise = resolveExercise(loadCourse(process.cwd()), 'leaky');
      const session = await TestSession.open(process.cwd(), [{ name: exercise.folder, exercise }], { spareThreads: true });
      const runs = [];
      for (let run = 0; run < 3; run += 1) {
        const outcome = (await session.run()).get(exercise.folder);
        runs.push(outcome.tests.map((test) => ({ state: test.state, output: test.output ?? '' })));
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      await session.close();
      await dropSpares();
      process.stdout.write(JSON.stringify(runs), () => process.exit(0));
    `;
    const runs = JSON.parse(await course.runScript(script)) as { state: string; output: string }[][];
    expect(runs.map((tests) => tests.map((test) => test.state))).toEqual([
      ['passed', 'passed'],
      ['passed', 'passed'],
      ['passed', 'passed'],
    ]);
    const threads = runs.flat().map((test) => /thread (\d+)/.exec(test.output)?.[1]);
    expect(threads.every((id) => id !== undefined)).toBe(true);
    expect(new Set(threads).size, `thread ids: ${threads.join(', ')}`).toBe(threads.length);
  }, 120_000);
});
