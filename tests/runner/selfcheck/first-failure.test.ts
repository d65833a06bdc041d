// The self-check needs one failing test to call a mutant caught. After it, the file's
// other tests are skipped, and so are the hooks of the describe blocks not yet started:
// a database or a server started only for tests that would be skipped is time lost.
// In a child process on a copy of the course, as the self-check runs it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneOffCourse, type OneOffCourse } from '../../support/one-off-course.js';

let course: OneOffCourse;

// The hook leaves its mark at the course's root, three folders above the test file.
const TESTS = `import { writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
describe('task 1: first', () => {
  it('fails', () => {
    expect(1).toBe(2);
  });
  it('comes after the failure', () => {
    expect(1).toBe(1);
  });
});
describe('task 2: second', () => {
  beforeAll(() => {
    writeFileSync(new URL('../../../hook-started', import.meta.url), 'started');
  });
  it('needs a server', () => {
    expect(1).toBe(1);
  });
});
`;

beforeAll(async () => {
  course = await oneOffCourse([{ folder: '01-first', tests: { 'a.test.ts': TESTS }, tasks: ['first', 'second'] }]);
}, 120_000);

afterAll(() => course.remove());

describe("a self-check run's first failing test", () => {
  it('marks the copy caught and skips the tests after it, and the hooks of the describe blocks not yet started', async () => {
    const { compiled, root } = course;
    const mark = path.join(root, 'caught-mark');
    const script = `
      const { loadCourse, resolveExercise } = await import(${compiled('course/discover.js')});
      const { runSettled } = await import(${compiled('sandbox/run-settled.js')});
      const exercise = resolveExercise(loadCourse(process.cwd()), 'first');
      const outcomes = await runSettled(process.cwd(), [{ name: 'mutant', exercise, firstFailure: ${JSON.stringify(mark)} }]);
      const tests = outcomes.get('mutant').tests.map((test) => [test.name, test.state]);
      process.stdout.write(JSON.stringify(tests), () => process.exit(0));
    `;
    expect(JSON.parse(await course.runScript(script))).toEqual([
      ['fails', 'failed'],
      ['comes after the failure', 'skipped'],
      ['needs a server', 'skipped'],
    ]);
    expect(existsSync(mark), 'the first failure leaves its mark').toBe(true);
    expect(existsSync(path.join(root, 'hook-started')), "task 2's beforeAll ran for tests that were all skipped").toBe(false);
  }, 120_000);
});
