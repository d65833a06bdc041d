// The self-check runs each copy of an exercise (runner/selfcheck/copies.ts) in test
// threads shared with the other copies: a thread runs file after file. A file that finds
// its thread left unclean by the file before it (here, an interval still set) runs
// nothing, and runs again in a fresh thread: a leftover must never fail another file.
// In a child process on a copy of the course, as the self-check runs it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneOffCourse, type OneOffCourse } from '../../support/one-off-course.js';

let course: OneOffCourse;

const CLEAN_TEST = `import { threadId } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
describe('task 1: shared', () => {
  it('runs', () => {
    console.log('thread ' + process.pid + '/' + threadId);
    expect(1).toBe(1);
  });
});
`;

// Passes only in a thread no earlier file left an interval in.
const LEAKY_TEST = `import { threadId } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
const state = globalThis as { leftBehind?: unknown };
describe('task 1: shared', () => {
  it('finds no interval left by an earlier file, and leaves one', () => {
    console.log('thread ' + process.pid + '/' + threadId);
    expect(state.leftBehind).toBeUndefined();
    state.leftBehind = setInterval(() => undefined, 60_000);
  });
});
`;

beforeAll(async () => {
  course = await oneOffCourse([
    { folder: '01-clean', tests: { 'a.test.ts': CLEAN_TEST, 'b.test.ts': CLEAN_TEST, 'c.test.ts': CLEAN_TEST }, tasks: ['shared'] },
    { folder: '02-leaky', tests: { 'a.test.ts': LEAKY_TEST, 'b.test.ts': LEAKY_TEST, 'c.test.ts': LEAKY_TEST }, tasks: ['shared'] },
  ]);
}, 120_000);

afterAll(() => course.remove());

/** Each test's state and the thread it ran in, for a copy of the exercise run in one shared thread. */
async function runShared(slug: string): Promise<{ state: string; thread: string | undefined }[]> {
  const { compiled } = course;
  const script = `
    const { loadCourse, resolveExercise } = await import(${compiled('course/discover.js')});
    const { runSettled } = await import(${compiled('sandbox/run-settled.js')});
    const { makeCopy, removeCopies } = await import(${compiled('selfcheck/copies.js')});
    const { assembleVariant } = await import(${compiled('course/variants.js')});
    const exercise = resolveExercise(loadCourse(process.cwd()), ${JSON.stringify(slug)});
    const copy = makeCopy(process.cwd(), exercise, 'solution', (dir) => assembleVariant(exercise, 'starter', dir));
    const outcomes = await runSettled(process.cwd(), [{ name: 'copy', exercise: copy }], { sharedThreads: true, maxWorkers: 1 });
    removeCopies(process.cwd());
    const tests = outcomes.get('copy').tests.map((test) => ({ state: test.state, thread: /thread ([\\d/]+)/.exec(test.output ?? '')?.[1] }));
    process.stdout.write(JSON.stringify(tests), () => process.exit(0));
  `;
  return JSON.parse(await course.runScript(script)) as { state: string; thread: string | undefined }[];
}

describe("the self-check's shared test threads", () => {
  it('run the files of the copies one after another in one thread', async () => {
    const tests = await runShared('clean');
    expect(tests.map((test) => test.state)).toEqual(['passed', 'passed', 'passed']);
    expect(new Set(tests.map((test) => test.thread)).size, JSON.stringify(tests)).toBe(1);
  }, 120_000);

  it('run a file again in a fresh thread when the file before it left an interval set, and never fail it for that', async () => {
    const tests = await runShared('leaky');
    expect(tests.map((test) => test.state)).toEqual(['passed', 'passed', 'passed']);
    expect(new Set(tests.map((test) => test.thread)).size, JSON.stringify(tests)).toBe(3);
  }, 120_000);
});
