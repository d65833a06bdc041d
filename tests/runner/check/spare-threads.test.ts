// Watch mode boots each run's test thread ahead of time. A booted-ahead thread must
// still be a fresh one: a run never sees what an earlier run left in its globals.
// In a child process on a copy of the course, as watch runs it.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCourseCopy } from '../../../runner/course/course-copy.js';
import { fixtureRoot, repoRoot } from '../../support/course-copy.js';

let root: string;

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
  root = makeCourseCopy(repoRoot, fixtureRoot, []);
  const dir = path.join(root, 'exercises', '01-leaky');
  mkdirSync(path.join(dir, 'tests'), { recursive: true });
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  writeFileSync(path.join(dir, 'src', 'x.ts'), 'export const x = 1;\n');
  const tests = ['a.test.ts', 'b.test.ts'];
  const manifest = { order: 1, slug: 'leaky', title: 'Leaky', files: ['src/x.ts'], tests: tests.map((file) => `tests/${file}`), tasks: [{ number: 1, title: 'fresh thread', points: 1 }] };
  writeFileSync(path.join(dir, 'exercise.json'), JSON.stringify(manifest));
  for (const file of tests) writeFileSync(path.join(dir, 'tests', file), LEAKY_TEST);
  // Compiles the copy's runner.
  await execa(process.execPath, [path.join(root, 'runner', 'bin.mjs'), 'list'], { cwd: root });
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a test session with spare threads', () => {
  it('runs every file of every run in a thread that never ran a test before', async () => {
    const compiled = (file: string) => JSON.stringify(pathToFileURL(path.join(root, '.katas', 'runner', file)).href);
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
    const { stdout } = await execa(process.execPath, ['--input-type=module', '-e', script], { cwd: root, timeout: 90_000 });
    const runs = JSON.parse(stdout) as { state: string; output: string }[][];
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
