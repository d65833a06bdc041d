// One vitest run for the whole course, and what happens when a test hangs in it: the
// run is stopped, the files it kept from finishing run again, and the hung file runs
// again up to the test that hung.
// In a child process on a copy of the course, as grading runs it.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCourseCopy } from '../../../runner/course/course-copy.js';
import { fixtureRoot, repoRoot } from '../../support/course-copy.js';

let root: string;

function exercise(folder: string, order: number, testTimeoutMs: number, tests: Record<string, string>): void {
  const dir = path.join(root, 'exercises', folder);
  mkdirSync(path.join(dir, 'tests'), { recursive: true });
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  writeFileSync(path.join(dir, 'src', 'x.ts'), 'export const x = 1;\n');
  const manifest = { order, slug: folder.slice(3), title: folder, files: ['src/x.ts'], tests: Object.keys(tests).map((file) => `tests/${file}`), tasks: [{ number: 1, title: 'one', points: 1 }], limits: { testTimeoutMs, runTimeoutMs: 60_000 } };
  writeFileSync(path.join(dir, 'exercise.json'), JSON.stringify(manifest));
  for (const [file, text] of Object.entries(tests)) writeFileSync(path.join(dir, 'tests', file), `import { describe, it } from 'vitest';\n${text}\n`);
}

beforeAll(async () => {
  root = makeCourseCopy(repoRoot, fixtureRoot, []);
  exercise('01-spin', 1, 300, {
    'spin.test.ts': "describe('task 1: spins', () => { it('never ends', () => { while (true) {} }); it('comes after', () => {}); });",
    'quick.test.ts': "describe('task 1: quick', () => { it('passes at once', () => {}); });",
  });
  exercise('02-slow', 2, 10_000, {
    'slow.test.ts': "describe('task 1: slow', () => { it('takes four seconds', async () => { await new Promise((resolve) => setTimeout(resolve, 4000)); }); });",
  });
  // Compiles the copy's runner.
  await execa(process.execPath, [path.join(root, 'runner', 'bin.mjs'), 'grade', '--help'], { cwd: root });
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('runUntilSettled', () => {
  it('stops at a hang, runs the files that did not finish again and the hung file up to the test that hung, and keeps every other result once', async () => {
    const compiled = (file: string) => pathToFileURL(path.join(root, '.katas', 'runner', file)).href;
    const script = `
      const { loadCourse } = await import(${JSON.stringify(compiled('course/discover.js'))});
      const { runUntilSettled } = await import(${JSON.stringify(compiled('grade/run-course.js'))});
      const outcomes = await runUntilSettled(process.cwd(), loadCourse(process.cwd()), 300);
      const summary = Object.fromEntries([...outcomes].map(([name, outcome]) => [name, {
        tests: outcome.tests.map((test) => test.name + ': ' + test.state).sort(),
        problems: outcome.problems.map((problem) => problem.kind + ' ' + (problem.file ?? '')),
      }]));
      process.stdout.write(JSON.stringify(summary), () => process.exit(0));
    `;
    const { stdout } = await execa(process.execPath, ['--input-type=module', '-e', script], { cwd: root, timeout: 90_000 });
    expect(JSON.parse(stdout)).toEqual({
      '01-spin': { tests: ['comes after: skipped', 'never ends: failed', 'passes at once: passed'], problems: ['hang exercises/01-spin/tests/spin.test.ts'] },
      '02-slow': { tests: ['takes four seconds: passed'], problems: [] },
    });
  }, 120_000);
});
