// hint, reset, solution, list and --help, end to end in a temporary copy of the
// fixture course, as a learner types them.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyCourse, fixtureRoot, type CourseCopy } from '../support/course-copy.js';

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

  it('starts at task 1 before any check, and says so', async () => {
    const first = await course.run(['hint', 'exercise-01']);
    expect(first.stdout).toContain('exercise-01 task 1: Greet by name — hint 1 of 2');
    expect(first.stdout).toContain('No check of this exercise yet');
    const second = await course.run(['hint', '01']);
    expect(second.stdout).toContain('hint 2 of 2');
    expect(second.stdout).toContain('Trim the name first.');
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
    expect(result.stdout).toBe('');
    expect(result.exitCode).toBe(2);
  });

  it('shows the reference and a diff against the learner’s code once it passes', async () => {
    course.write(learnerFile, course.read('solutions/01-greet/greet.ts').replace('console.error(error.stack);', 'console.error(error);'));
    expect((await course.run(['check', '01'])).exitCode).toBe(0);
    const result = await course.run(['solution', 'greet']);
    expect(result.stdout).toContain('solutions/01-greet/greet.ts');
    expect(result.stdout).toContain('-  console.error(error);');
    expect(result.stdout).toContain('+  console.error(error.stack);');
    expect(result.exitCode).toBe(0);
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
