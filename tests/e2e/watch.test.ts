// npm run watch in a real terminal (tmux): a save re-runs the check, keys work, a hang
// does not stop the next save, manual mode re-runs only on r.
import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyCourse, fixtureRoot, repoRoot, type CourseCopy } from '../support/course-copy.js';
import { hasTmux, openTerminal, type Terminal } from '../support/tmux.js';

let course: CourseCopy;
let terminal: Terminal | undefined;
const learnerFile = 'exercises/01-greet/src/greet.ts';

beforeEach(() => {
  course = copyCourse(fixtureRoot, ['01-greet']);
});
afterEach(async () => {
  await terminal?.kill();
  course.remove();
});

const watch = (flags = '') => openTerminal(course.root, `NO_COLOR=1 node runner/bin.mjs watch ${flags}`);

/** How vim, JetBrains' safe write and sed -i save: a new file renamed over the old one. */
function renameSave(root: string, file: string, text: string): void {
  const target = path.join(root, file);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${Date.now()}.tmp`);
  writeFileSync(temporary, text);
  renameSync(temporary, target);
}

describe.skipIf(!hasTmux)('npm run watch (in tmux)', () => {
  it('checks at start, re-checks on every save, and shows hints, the list and the keys', async () => {
    terminal = await watch();
    const first = await terminal.waitFor(/run 1 · fail/);
    expect(first).toContain('h hint · n next exercise · l list · r re-run · q quit');
    expect(first, 'no tip that blames the file system').not.toContain('network drive');

    course.write(learnerFile, course.read('solutions/01-greet/greet.ts'));
    const passed = await terminal.waitFor(/run 2 · pass/);
    expect(passed).toContain('This exercise passes. Press n for the next one when you are ready.');

    await terminal.keys('h');
    await terminal.waitFor(/Every task of this exercise passes: no hint needed\./);
    await terminal.keys('l');
    await terminal.waitFor(/✓ exercise-01 +greet +Greeter +done/);
    await terminal.keys('n');
    await terminal.waitFor(/This is the last exercise\./);
    await terminal.keys('q');
    await expect.poll(() => terminal?.alive(), { timeout: 10_000 }).toBe(false);
  });

  it('h shows the hint of the task on screen and says to press h again', async () => {
    terminal = await watch('01');
    await terminal.waitFor(/run 1 · fail/);
    await terminal.keys('h');
    const hint = await terminal.waitFor(/exercise-01 task 1: Greet by name — hint 1 of 2/);
    expect(hint).toContain('Press h again for the next one.');
    expect(hint).not.toContain('npm run hint');
  });

  it('with --task runs that task\'s tests alone', async () => {
    terminal = await watch('01 --task 2');
    const screen = await terminal.waitFor(/exercise-01 · task 2 only · run 1 · fail/);
    expect(screen).toContain('Task 2 only (--task 2)');
    expect(screen).toMatch(/task 2 +Describe an error +0\/1/);
    expect(screen).not.toMatch(/task 1 +Greet by name/);
  });

  it('survives a hang, keeping the results earned before it, and checks the save after it normally', async () => {
    terminal = await watch('01');
    await terminal.waitFor(/run 1 · fail/);
    course.write(learnerFile, course.read('solutions/01-greet/greet.ts').replace('console.error(error.stack);', 'while (true) {}'));
    await terminal.waitFor(/run 2 · fail[\s\S]*kept a CPU busy for/);
    expect(await terminal.screen(), 'task 1 passed before the hang in task 2, and keeps its results').toMatch(/✓ task 1 .* 2\/2/);
    course.write(learnerFile, course.read('solutions/01-greet/greet.ts'));
    await terminal.waitFor(/run 3 · pass/);
  });

  it('in manual mode re-checks only when r is pressed', async () => {
    terminal = await watch('01 --manual');
    await terminal.waitFor(/run 1 · fail[\s\S]*Manual mode: press r after you save\./);
    course.write(learnerFile, course.read('solutions/01-greet/greet.ts'));
    await terminal.keys('l');
    await terminal.waitFor(/exercise-01 +greet/);
    expect(await terminal.screen(), 'a save alone does not re-run in manual mode').toContain('run 1 · fail');
    await terminal.keys('r');
    await terminal.waitFor(/run 2 · pass/);
  });

  it('follows saves that replace the file (write a temporary file, rename it over): pass and fail follow the file', async () => {
    const routing = copyCourse(repoRoot, ['01-routing']);
    const router = 'exercises/01-routing/src/router.ts';
    const solution = routing.read('solutions/01-routing/router.ts');
    const starter = routing.read('exercises/01-routing/starter/router.ts');
    try {
      terminal = await openTerminal(routing.root, 'NO_COLOR=1 node runner/bin.mjs watch 01');
      await terminal.waitFor(/run 1 · fail/);
      const saves = [solution, starter, solution, starter];
      for (const [index, text] of saves.entries()) {
        renameSave(routing.root, router, text);
        await terminal.waitFor(new RegExp(`run ${index + 2} · ${text === solution ? 'pass' : 'fail'}`));
      }
      const last = await terminal.screen();
      expect(last, 'the permanent tip about network drives is gone').not.toContain('network drive');
    } finally {
      await terminal?.kill();
      routing.remove();
    }
  });

  it('re-runs with the file on disk when a save of another file is the only event', async () => {
    terminal = await watch('01');
    await terminal.waitFor(/run 1 · fail/);
    renameSave(course.root, learnerFile, course.read('solutions/01-greet/greet.ts'));
    await terminal.waitFor(/run 2 · pass/);
    renameSave(course.root, learnerFile, course.read('exercises/01-greet/starter/greet.ts'));
    await terminal.waitFor(/run 3 · fail/);
    // The module the tests import is the starter on disk, not the solution held from run 2.
    renameSave(course.root, 'exercises/01-greet/src/notes.ts', 'export const note = 1;\n');
    await terminal.waitFor(/run 4 · fail/);
  });
});
