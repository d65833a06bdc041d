// hint, reset, solution, list and --help, end to end in a temporary copy of the
// fixture course, as a learner types them.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyCourse, fixtureRoot, repoRoot, type CourseCopy } from '../support/course-copy.js';

let course: CourseCopy;
const learnerFile = 'exercises/01-greet/src/greet.ts';

beforeEach(() => {
  course = copyCourse(fixtureRoot, ['01-greet']);
});
afterEach(() => course.remove());

describe('npm run hint', () => {
  it('shows one more hint of the task the learner is on each time, numbered, and stops at the last', async () => {
    course.write(learnerFile, course.read('solutions/01-greet/greet.ts').replace("return { error: 'internal server error' };", "return { error: 'x' };"));
    await course.run(['check', '01']);
    const first = await course.run(['hint', 'greet']);
    expect(first.stdout).toContain('exercise-01 task 2: Describe an error — hint 1 of 1');
    expect(first.stdout).toContain("Never send the error's own text.");
    expect(first.stdout).toContain('That was the last hint for this task.');
    const again = await course.run(['hint', '1']);
    expect(again.stdout).toContain('hint 1 of 1');
  });

  it('with a static-rule finding as the only problem, explains the rule and the forms it accepts, not another task', async () => {
    const solution = course.read('solutions/01-greet/greet.ts');
    course.write(learnerFile, solution.replace("  return { error: 'internal server error' };", "  if (process.env.GREET_DEBUG) return { error: String(error.stack) };\n  return { error: 'internal server error' };"));
    const check = await course.run(['check', '01']);
    expect(check.stdout).toMatch(/✗ static rules: 1 finding/);
    expect(check.stdout).toMatch(/✓ task 2/);
    const hint = await course.run(['hint', '01']);
    expect(hint.stdout).toContain('Your code breaks a static rule');
    expect(hint.stdout).toMatch(/exercises\/01-greet\/src\/greet\.ts:\d+ `error\.stack` is read outside a log call/);
    expect(hint.stdout).toContain('accepted: `.stack` read inside a log call');
    expect(hint.stdout, 'no hint of a task that passes').not.toMatch(/task \d: .* — hint/);
  });

  it('on a passing exercise says so instead of showing task 1\'s hints', async () => {
    course.write(learnerFile, course.read('solutions/01-greet/greet.ts'));
    await course.run(['check', '01']);
    const hint = await course.run(['hint', '01']);
    expect(hint.stdout).toContain('Every task of this exercise passes: no hint needed.');
  });

  it('starts at task 1 before any check, and says so', async () => {
    const first = await course.run(['hint', 'exercise-01']);
    expect(first.stdout).toContain('exercise-01 task 1: Greet by name — hint 1 of 2');
    expect(first.stdout).toContain('No check of this exercise yet');
    const second = await course.run(['hint', '01']);
    expect(second.stdout).toContain('hint 2 of 2');
    expect(second.stdout).toContain('Trim the name first.');
  });
});

describe('npm run check --task', () => {
  it('runs one task\'s tests alone and judges that task only, without changing the progress', async () => {
    const result = await course.run(['check', '01', '--task', '2', '--reporter', 'json']);
    const report = JSON.parse(result.stdout) as { tests: { task: number | null }[]; tasks: { number: number }[]; onlyTask: number };
    expect(report.tests.length).toBeGreaterThan(0);
    expect(report.tests.every((test) => test.task === 2), 'task 2\'s tests only').toBe(true);
    expect(report.tasks.map((task) => task.number)).toEqual([2]);
    expect(report.onlyTask).toBe(2);
    expect(result.exitCode).toBe(1);
    expect((await course.run(['check'])).stdout).toMatch(/· exercise-01 +greet +Greeter +not started/);
  });

  it('gives the hints of the task a --task check was about, after a full check', async () => {
    await course.run(['check', '01']);
    await course.run(['check', '01', '--task', '2']);
    const hint = await course.run(['hint', '01']);
    expect(hint.stdout, hint.stderr).toMatch(/exercise-01 task 2: describe an error — hint 1 of \d+/i);
    expect((await course.run(['check'])).stdout, 'the --task check changes only the task hints follow').toMatch(/exercise-01 +greet +Greeter/);
  });

  it('says that the task passes, not the exercise, when the other tasks did not run', async () => {
    const starter = course.read('exercises/01-greet/src/greet.ts');
    course.write('exercises/01-greet/src/greet.ts', course.read('solutions/01-greet/greet.ts'));
    try {
      const result = await course.run(['check', '01', '--task', '1']);
      expect(result.stdout).toContain('exercise-01 task 1 passes; its other tasks did not run: npm run check 01 checks them all.');
      expect(result.stdout).not.toContain('exercise-01 passes.');
      expect(result.exitCode).toBe(0);
    } finally {
      course.write('exercises/01-greet/src/greet.ts', starter);
    }
  });

  it('keeps hints where the last full check put them when the task of a --task check passes', async () => {
    const starter = course.read('exercises/01-greet/src/greet.ts');
    course.write('exercises/01-greet/src/greet.ts', course.read('solutions/01-greet/greet.ts'));
    try {
      await course.run(['check', '01']);
      const before = await course.run(['hint', '01']);
      await course.run(['check', '01', '--task', '1']);
      const after = await course.run(['hint', '01']);
      expect(after.stdout, 'a task that passes is not the one to give hints for').not.toMatch(/task 1: .* hint \d+ of/i);
      expect(after.stdout).toBe(before.stdout);
    } finally {
      course.write('exercises/01-greet/src/greet.ts', starter);
    }
  });

  it('refuses a task the exercise does not have, naming the ones it has', async () => {
    const result = await course.run(['check', '01', '--task', '7']);
    expect(result.stderr.trim()).toBe('exercise-01 has no task 7: its tasks are 1, 2');
    expect(result.exitCode).toBe(2);
  });
});

describe('npm run reset', () => {
  it('puts the starter back with --yes, without git, and forgets the progress', async () => {
    course.write(learnerFile, course.read('solutions/01-greet/greet.ts'));
    await course.run(['check', '01']);
    const result = await course.run(['reset', 'greet', '--yes']);
    expect(result.stdout).toContain('Reset 1 file to the starter: exercises/01-greet/src/greet.ts');
    expect(course.read(learnerFile)).toBe(course.read('exercises/01-greet/starter/greet.ts'));
    expect((await course.run(['check'])).stdout).toMatch(/· exercise-01 +greet +Greeter +not started/);
  });

  it('refuses to overwrite code without a terminal to ask and without --yes', async () => {
    course.write(learnerFile, 'export const mine = 1;\n');
    const result = await course.run(['reset', '01']);
    expect(result.stderr.trim()).toBe('reset overwrites your code and there is no terminal to ask: add --yes (npm run reset 01 -- --yes)');
    expect(result.exitCode).toBe(2);
    expect(course.read(learnerFile)).toBe('export const mine = 1;\n');
  });

  it('with --check changes nothing, lists a src/ file that differs from its starter, and exits 1', async () => {
    course.write(learnerFile, 'export const mine = 1;\n');
    const drift = await course.run(['reset', '--all', '--check']);
    expect(drift.stdout).toContain('exercises/01-greet/src/greet.ts differs from its starter');
    expect(drift.exitCode).toBe(1);
    expect(course.read(learnerFile)).toBe('export const mine = 1;\n');
    await course.run(['reset', '--all', '--yes']);
    expect((await course.run(['reset', '--all', '--check'])).exitCode).toBe(0);
  });

  it('puts a given file back too, and --check names a given file that differs', async () => {
    const crud = copyCourse(repoRoot, ['03-crud']);
    try {
      const { given } = JSON.parse(crud.read('exercises/03-crud/exercise.json')) as { given: string[] };
      expect(given, 'exercise 03 has given files').toContain('src/db.ts');
      crud.write('exercises/03-crud/src/db.ts', 'export const mine = 1;\n');
      const drift = await crud.run(['reset', '--all', '--check']);
      expect(drift.stdout).toContain('exercises/03-crud/src/db.ts differs from its starter');
      expect(drift.exitCode).toBe(1);
      rmSync(path.join(crud.root, 'exercises/03-crud/src/errors.ts'));
      const result = await crud.run(['reset', '03', '--yes']);
      expect(result.stdout).toContain('exercises/03-crud/src/db.ts');
      for (const file of given) expect(crud.read(`exercises/03-crud/${file}`)).toBe(crud.read(`exercises/03-crud/starter/${file.replace('src/', '')}`));
      expect((await crud.run(['reset', '--all', '--check'])).exitCode).toBe(0);
    } finally {
      crud.remove();
    }
  });

  it('resets every exercise with --all, and recreates a deleted file', async () => {
    rmSync(path.join(course.root, learnerFile));
    expect((await course.run(['reset', '--all', '--yes'])).exitCode).toBe(0);
    expect(course.read(learnerFile)).toBe(course.read('exercises/01-greet/starter/greet.ts'));
  });
});

describe('npm run solution', () => {
  it('refuses before the exercise passes and says how to see it anyway', async () => {
    const result = await course.run(['solution', '01']);
    expect(result.stderr).toContain('exercise-01 does not pass yet');
    expect(result.stderr).toContain('npm run solution 01 -- --force');
    expect(result.stdout.trim(), 'it checked the files on disk first').toBe('Your files changed since the last check of exercise-01: checking them first…');
    expect(result.exitCode).toBe(2);
  });

  it('shows the reference and a diff against the learner’s code once it passes', async () => {
    course.write(learnerFile, course.read('solutions/01-greet/greet.ts').replace('console.error(error.stack);', 'console.error(error);'));
    expect((await course.run(['check', '01'])).exitCode).toBe(0);
    const result = await course.run(['solution', 'greet']);
    expect(result.stdout).toContain('exercises/01-greet/src/greet.ts: yours (-) against the reference (+)');
    expect(result.stdout).toMatch(/^--- yours +exercises\/01-greet\/src\/greet\.ts/m);
    expect(result.stdout).toMatch(/^\+\+\+ reference +solutions\/01-greet\/greet\.ts/m);
    expect(result.stdout).toContain('-  console.error(error);');
    expect(result.stdout).toContain('+  console.error(error.stack);');
    expect(result.stdout, 'the diff only, not the reference file in full').not.toContain('export function greet');
    expect(result.exitCode).toBe(0);
  });

  it('goes by the code on disk: a pass followed by a breaking save is refused, a fix is checked and shown', async () => {
    const solution = course.read('solutions/01-greet/greet.ts');
    course.write(learnerFile, solution);
    expect((await course.run(['check', '01'])).exitCode).toBe(0);
    course.write(learnerFile, solution.replace('name.trim()', 'name'));
    const refused = await course.run(['solution', '01']);
    expect(refused.stderr).toContain('exercise-01 does not pass yet');
    course.write(learnerFile, solution);
    const shown = await course.run(['solution', '01']);
    expect(shown.stdout).toContain('exercises/01-greet/src/greet.ts: the same as the reference.');
    expect(shown.exitCode).toBe(0);
  });

  it('on exercise 03 shows only the learner\'s files, in a diff short enough to read', async () => {
    const crud = copyCourse(repoRoot, ['03-crud']);
    try {
      const result = await crud.run(['solution', '03', '--force']);
      const { files, given } = JSON.parse(crud.read('exercises/03-crud/exercise.json')) as { files: string[]; given: string[] };
      expect(given.length, 'exercise 03 has given files').toBeGreaterThan(0);
      for (const file of files) expect(result.stdout).toContain(`exercises/03-crud/${file}: yours (-) against the reference (+)`);
      for (const file of given) expect(result.stdout, 'a given file is not shown').not.toContain(`exercises/03-crud/${file}`);
      expect(result.stdout.match(/^--- yours/gm)).toHaveLength(files.length);
      expect(result.stdout.split('\n').length, 'down from 1,030 lines').toBeLessThan(500);
      expect(result.exitCode).toBe(0);
    } finally {
      crud.remove();
    }
  });
});

describe('every command', () => {
  it.each(['check', 'list', 'watch', 'hint', 'reset', 'solution', 'selfcheck', 'new', 'bench'])('%s answers --help with its usage', async (command) => {
    const result = await course.run([command, '--help']);
    expect(result.stdout).toMatch(/^npm run /);
    expect(result.exitCode).toBe(0);
  });

  it('refuses an unknown command or option in one line with exit code 2', async () => {
    for (const args of [['chekc'], ['check', '--colour']]) {
      const result = await course.run(args);
      expect(result.stderr.trim().split('\n'), result.stderr).toHaveLength(1);
      expect(result.exitCode).toBe(2);
    }
  });

  it('refuses watch without a terminal in one line', async () => {
    const result = await course.run(['watch']);
    expect(result.stderr.trim()).toContain('watch reads single keys from a terminal');
    expect(result.exitCode).toBe(2);
  });
});
