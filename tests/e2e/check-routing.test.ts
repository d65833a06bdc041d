// The foundation's promises, on the real exercise-01 in a temporary copy of the course,
// through the npm scripts a learner types.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyCourse, repoRoot, type CourseCopy } from '../support/course-copy.js';
import { unwrapped } from '../support/report-text.js';

let course: CourseCopy;
const learnerFile = 'exercises/01-routing/src/router.ts';
const solution = () => course.read('solutions/01-routing/router.ts');

beforeAll(() => {
  course = copyCourse(repoRoot, ['01-routing']);
});
afterAll(() => course.remove());

describe('npm run check exercise-01', () => {
  it('prints per-task failures on the starter and exits non-zero', async () => {
    const result = await course.npm(['run', 'check', 'exercise-01']);
    for (const task of ['task 1  Static routes by method and path', 'task 2  Path parameters', 'task 3  404, 405 and HEAD']) {
      expect(result.stdout).toMatch(new RegExp(`✗ ${task} +0/\\d+`));
    }
    expect(result.stdout).toContain('Failure in the task you are on: task 1: static routes by method and path');
    expect(result.exitCode).not.toBe(0);
  });

  it('passes and exits 0 once the reference solution is copied over the exercise', async () => {
    course.write(learnerFile, solution());
    const result = await course.npm(['run', 'check', 'exercise-01']);
    expect(result.stdout).toMatch(/✓ task 4 .* (\d+)\/\1/);
    expect(result.stdout).toContain('exercise-01 passes');
    expect(result.exitCode).toBe(0);
  });

  it('reports a handler stuck in while (true) {} as a hang of the named test after at most 15 seconds of its CPU, and the next check works', async () => {
    course.write(learnerFile, solution().replace('const reply = await best.route.handler(', 'while (true) {}\n    const reply = await best.route.handler('));
    const hung = await course.run(['check', '01'], { timeoutMs: 120_000 });
    const waited = /the test "[^"]+" in exercises\/01-routing\/tests\/router\.test\.ts kept a CPU busy for (\d+) s without finishing/.exec(unwrapped(hung.stdout));
    expect(waited, hung.stdout).not.toBeNull();
    // The watchdog's bound (the test's budget and a grace) in CPU time, whatever this machine's load.
    expect(Number(waited?.[1])).toBeLessThanOrEqual(15);
    expect(hung.exitCode).toBe(1);
    course.write(learnerFile, solution());
    expect((await course.run(['check', '01'])).exitCode).toBe(0);
  });

  it('reports process.exit(0) in a handler instead of taking it as a pass', async () => {
    course.write(learnerFile, solution().replace('const reply = await best.route.handler(', 'process.exit(0);\n    const reply = await best.route.handler('));
    const result = await course.run(['check', '01']);
    expect(unwrapped(result.stdout)).toMatch(/process\.exit\(0\) was called at exercises\/01-routing\/src\/router\.ts:\d+:\d+: code under test must never end the process/);
    expect(result.exitCode).toBe(1);
  });

  it('refuses exercise-99 and nonsense in one line listing the valid ids, with exit code 2', async () => {
    for (const id of ['exercise-99', 'nonsense']) {
      const result = await course.npm(['run', '--silent', 'check', id]);
      expect(result.stderr.trim().split('\n').filter((line) => !line.startsWith('npm warn'))).toEqual([`unknown exercise "${id}": valid ones are exercise-01 (routing)`]);
      expect(result.exitCode).toBe(2);
    }
  });
});
