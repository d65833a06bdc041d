// npm run watch in a real terminal (tmux): a save re-runs the check, keys work, a hang
// does not stop the next save, manual mode re-runs only on r.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyCourse, fixtureRoot, type CourseCopy } from '../support/course-copy.js';
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

describe.skipIf(!hasTmux)('npm run watch (in tmux)', () => {
  it('checks at start, re-checks on every save, and shows hints, the list and the keys', async () => {
    terminal = await watch();
    const first = await terminal.waitFor(/run 1 · fail/);
    expect(first).toContain('h hint · n next exercise · l list · r re-run · q quit');
    expect(first).toContain('npm run watch -- --manual');

    course.write(learnerFile, course.read('solutions/01-greet/greet.ts'));
    const passed = await terminal.waitFor(/run 2 · pass/);
    expect(passed).toContain('This exercise passes. Press n for the next one when you are ready.');

    await terminal.keys('h');
    await terminal.waitFor(/exercise-01 task 1: Greet by name — hint 1 of 2/);
    await terminal.keys('l');
    await terminal.waitFor(/✓ exercise-01 +greet +Greeter +done/);
    await terminal.keys('n');
    await terminal.waitFor(/This is the last exercise\./);
    await terminal.keys('q');
    await expect.poll(() => terminal?.alive(), { timeout: 10_000 }).toBe(false);
  });

  it('survives a hang: the save after it is checked normally', async () => {
    terminal = await watch('01');
    await terminal.waitFor(/run 1 · fail/);
    course.write(learnerFile, course.read('solutions/01-greet/greet.ts').replace('return `Hello, ${name.trim()}!`;', 'while (true) {}'));
    await terminal.waitFor(/run 2 · fail[\s\S]*was still running after/);
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
});
