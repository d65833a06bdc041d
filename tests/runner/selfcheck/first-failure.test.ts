// The self-check needs one failing test to call a mutant caught. After it, the file's
// other tests are skipped, and so are the hooks of the describe blocks not yet started:
// a database or a server started only for tests that would be skipped is time lost.
// In a child process on a copy of the course, as the self-check runs it.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCourseCopy } from '../../../runner/course/course-copy.js';
import { fixtureRoot, repoRoot } from '../../support/course-copy.js';

let root: string;

const TESTS = (started: string) => `import { writeFileSync } from 'node:fs';
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
    writeFileSync(${JSON.stringify(started)}, 'started');
  });
  it('needs a server', () => {
    expect(1).toBe(1);
  });
});
`;

beforeAll(async () => {
  root = makeCourseCopy(repoRoot, fixtureRoot, []);
  const dir = path.join(root, 'exercises', '01-first');
  mkdirSync(path.join(dir, 'tests'), { recursive: true });
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  writeFileSync(path.join(dir, 'src', 'x.ts'), 'export const x = 1;\n');
  const tasks = [1, 2].map((number) => ({ number, title: number === 1 ? 'first' : 'second', points: 1 }));
  writeFileSync(path.join(dir, 'exercise.json'), JSON.stringify({ order: 1, slug: 'first', title: 'First', files: ['src/x.ts'], tests: ['tests/a.test.ts'], tasks }));
  writeFileSync(path.join(dir, 'tests', 'a.test.ts'), TESTS(path.join(root, 'hook-started')));
  // Compiles the copy's runner.
  await execa(process.execPath, [path.join(root, 'runner', 'bin.mjs'), 'list'], { cwd: root });
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("a self-check run's first failing test", () => {
  it('marks the copy caught and skips the tests after it, and the hooks of the describe blocks not yet started', async () => {
    const compiled = (file: string) => JSON.stringify(pathToFileURL(path.join(root, '.katas', 'runner', file)).href);
    const mark = path.join(root, 'caught-mark');
    const script = `
      const { loadCourse, resolveExercise } = await import(${compiled('course/discover.js')});
      const { runSettled } = await import(${compiled('sandbox/run-settled.js')});
      const exercise = resolveExercise(loadCourse(process.cwd()), 'first');
      const outcomes = await runSettled(process.cwd(), [{ name: 'mutant', exercise, firstFailure: ${JSON.stringify(mark)} }]);
      const tests = outcomes.get('mutant').tests.map((test) => [test.name, test.state]);
      process.stdout.write(JSON.stringify(tests), () => process.exit(0));
    `;
    const { stdout } = await execa(process.execPath, ['--input-type=module', '-e', script], { cwd: root, timeout: 90_000 });
    expect(JSON.parse(stdout)).toEqual([
      ['fails', 'failed'],
      ['comes after the failure', 'skipped'],
      ['needs a server', 'skipped'],
    ]);
    expect(existsSync(mark), 'the first failure leaves its mark').toBe(true);
    expect(existsSync(path.join(root, 'hook-started')), "task 2's beforeAll ran for tests that were all skipped").toBe(false);
  }, 120_000);
});
