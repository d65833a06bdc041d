// An author's path, end to end in a temporary copy: scaffold an exercise, see npm test
// refuse it, write a solution and a mutant, see npm test accept it; renumber exercises
// and keep the learner's progress.
import { cpSync, renameSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyCourse, fixtureRoot, repoRoot, type CourseCopy } from '../support/course-copy.js';

let course: CourseCopy;

beforeEach(() => {
  course = copyCourse(fixtureRoot, ['01-greet']);
  // npm test runs the framework's own tests first: give the copy one, cheap and real.
  cpSync(path.join(repoRoot, 'tests/runner/course/hints.test.ts'), path.join(course.root, 'tests/runner/course/hints.test.ts'));
});
afterEach(() => course.remove());

const SOLUTION = "export function slugify(input: string): string {\n  return input.trim().toLowerCase().split(/\\s+/).join('-');\n}\n";
const TESTS = [
  "import { describe, expect, it } from 'vitest';",
  "import { slugify } from '../src/slugify.js';",
  '',
  "describe('task 1: first task', () => {",
  "  it('joins words with hyphens', () => expect(slugify('Hello big World'), 'a slug has no spaces').toBe('hello-big-world'));",
  "  it('drops surrounding spaces', () => expect(slugify('  Hi  '), 'no leading or trailing hyphen').toBe('hi'));",
  '});',
  '',
].join('\n');
const MUTANT = [
  'Keeps the case of the words.',
  '',
  '--- a/slugify.ts',
  '+++ b/slugify.ts',
  '@@ -1,3 +1,3 @@',
  ' export function slugify(input: string): string {',
  "-  return input.trim().toLowerCase().split(/\\s+/).join('-');",
  "+  return input.trim().split(/\\s+/).join('-');",
  ' }',
  '',
].join('\n');

describe('npm run new', () => {
  it('scaffolds an exercise that npm test refuses until it has a solution and a mutant, then accepts', async () => {
    const created = await course.npm(['run', 'new', '--', 'slugify', '--title', 'Slugs']);
    expect(created.stdout).toContain('Created exercise-02 (slugify)');
    expect(created.exitCode).toBe(0);

    const refused = await course.npm(['test']);
    expect(refused.stdout).toMatch(/✗ exercise-02 slugify +starter fails 1\/1 tasks · solution fails/);
    expect(refused.stdout).toContain('no mutants under tests/mutants/02-slugify/');
    expect(refused.stdout).toMatch(/holds no rule of rules\.json/);
    expect(refused.stdout).toContain('selfcheck: 1 passed, 1 failed');
    expect(refused.exitCode).not.toBe(0);

    course.write('solutions/02-slugify/slugify.ts', SOLUTION);
    course.write('exercises/02-slugify/tests/slugify.test.ts', TESTS);
    course.write('tests/mutants/02-slugify/keeps-case.patch', MUTANT);
    const readme = course.read('exercises/02-slugify/README.md');
    course.write('exercises/02-slugify/README.md', readme.replace('What to build, with examples and the exact rules the tests hold you to.', 'A slug joins the words with hyphens, in lower case. Spaces around the words are not part of it.'));
    const rules = [
      { task: 1, rule: 'A slug joins the words with hyphens, in lower case.', tests: ['joins words with hyphens'] },
      { task: 1, rule: 'Spaces around the words are not part of it.', tests: ['drops surrounding spaces'] },
    ];
    course.write('exercises/02-slugify/rules.json', JSON.stringify({ rules }));
    const accepted = await course.npm(['test']);
    expect(accepted.stdout).toMatch(/✓ exercise-02 slugify +starter fails 1\/1 tasks · solution passes 2 tests · mutants killed 1\/1/);
    expect(accepted.stdout).toContain('selfcheck: 2 passed, 0 failed');
    expect(accepted.exitCode).toBe(0);
  });

  it('refuses a slug that is taken or not kebab-case, in one line with exit code 2', async () => {
    for (const slug of ['greet', 'Not_Kebab']) {
      const result = await course.run(['new', slug]);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.exitCode).toBe(2);
    }
  });
});

describe('renumbering exercises', () => {
  it('keeps the learner’s progress, which is keyed by slug', async () => {
    course.write('exercises/01-greet/src/greet.ts', course.read('solutions/01-greet/greet.ts'));
    expect((await course.run(['check', 'greet'])).exitCode).toBe(0);

    for (const part of ['exercises', 'solutions', 'tests/mutants']) {
      renameSync(path.join(course.root, part, '01-greet'), path.join(course.root, part, '03-greet'));
    }
    const manifest = JSON.parse(course.read('exercises/03-greet/exercise.json')) as { order: number };
    course.write('exercises/03-greet/exercise.json', JSON.stringify({ ...manifest, order: 3 }));

    const overview = await course.run(['check']);
    expect(overview.stdout).toMatch(/✓ exercise-03 +greet +Greeter +done/);
    expect((await course.run(['check', '3'])).exitCode).toBe(0);
  });
});
