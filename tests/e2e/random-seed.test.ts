// Randomised exercise tests end to end on the fixture course: the seed is the runner's,
// whatever the code under test does to the environment, a failure names it, and
// `selfcheck --seeds` finds the seeds on which a randomised test rejects the solution.
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../runner/kit/random.js';
import { copyCourse, fixtureRoot, type CourseCopy } from '../support/course-copy.js';

let course: CourseCopy;
const testFile = 'exercises/01-greet/tests/greet.test.ts';
const learnerFile = 'exercises/01-greet/src/greet.ts';
const starterFile = 'exercises/01-greet/starter/greet.ts';
const solution = () => course.read('solutions/01-greet/greet.ts');
const originals = new Map<string, string>();

// One copy for the file (each copy compiles the runner once); every test starts from its files.
beforeAll(() => {
  course = copyCourse(fixtureRoot, ['01-greet']);
  for (const file of [testFile, learnerFile, starterFile]) originals.set(file, course.read(file));
});
afterEach(() => {
  for (const [file, text] of originals) course.write(file, text);
});
afterAll(() => course.remove());

/** Adds a randomised test to task 1 of the fixture's tests. */
function addRandomTest(body: string): void {
  const withImport = `import { seededRandom } from '../../../runner/kit/random.js';\n${course.read(testFile)}`;
  course.write(testFile, withImport.replace("describe('task 1: greet by name', () => {", `describe('task 1: greet by name', () => {\n${body}`));
}

// Always fails, so that its message shows the seed the test drew from.
const SHOWS_SEED = `  it('draws from the run\\'s seed', () => {
    const rng = seededRandom();
    expect(rng.int(1, 6), 'a die never shows 7').toBe(7);
  });
`;

// The solution trims names, so this test's rule does not hold for ' Linus'.
const NAMES = ['Ada', 'Grace', ' Linus'];
const SOMETIMES_WRONG = `  it('greets a random name', () => {
    const name = seededRandom().pick(${JSON.stringify(NAMES)});
    expect(greet(name)).toBe(\`Hello, \${name}!\`);
  });
`;

const LEARNER_PINS_SEED = "process.env.KATAS_SEED = '1';\n";

function seedsIn(text: string): number[] {
  return [...text.matchAll(/\(seed (\d+): KATAS_SEED=\1 replays this run\)/g)].map((match) => Number(match[1]));
}

describe('the seed of randomised tests', () => {
  it('is the one the runner was started with, even when the code under test sets KATAS_SEED when imported', async () => {
    addRandomTest(SHOWS_SEED);
    course.write(learnerFile, LEARNER_PINS_SEED + solution());
    const result = await course.run(['check', '01', '--json'], { env: { KATAS_SEED: '4242' } });
    expect(seedsIn(result.stdout), result.stdout).toEqual([4242]);
  });

  it('is drawn by the runner when none is given, and the code under test cannot choose it', async () => {
    addRandomTest(SHOWS_SEED);
    course.write(learnerFile, LEARNER_PINS_SEED + solution());
    const result = await course.run(['check', '01', '--json'], { env: { KATAS_SEED: '' } });
    const [seed] = seedsIn(result.stdout);
    expect(seed, result.stdout).toBeGreaterThan(1);
  });

  it('is named in the failure check shows for a test that drew from it, also where the message does not name it', async () => {
    addRandomTest(SOMETIMES_WRONG);
    course.write(learnerFile, solution());
    const seed = [1, 2, 3, 4, 5, 6, 7, 8].find((candidate) => seededRandom(candidate).pick(NAMES) === ' Linus');
    const result = await course.run(['check', '01'], { env: { KATAS_SEED: String(seed) } });
    expect(result.stdout).toContain('greets a random name');
    expect(result.stdout).toContain(`(seed ${seed}: KATAS_SEED=${seed} replays this run)`);
  });

  it("is KATAS_SEED as the editor's vitest was started with it, not as the code under test sets it", async () => {
    addRandomTest(SHOWS_SEED);
    course.write(learnerFile, LEARNER_PINS_SEED + solution());
    const vitest = path.join(course.root, 'node_modules', 'vitest', 'vitest.mjs');
    const result = await execa(process.execPath, [vitest, 'run', '--project', 'exercises'], { cwd: course.root, reject: false, env: { KATAS_SEED: '4242', NO_COLOR: '1' }, stdin: 'ignore' });
    expect(seedsIn(result.stdout + result.stderr), result.stdout).toContain(4242);
    expect(seedsIn(result.stdout + result.stderr)).not.toContain(1);
  });
});

describe('npm run selfcheck -- --seeds', () => {
  it('names every seed on which a randomised test rejects the solution, with how to replay it, and exits 1', async () => {
    addRandomTest(SOMETIMES_WRONG);
    const seeds = [1, 2, 3, 4, 5, 6];
    const failing = seeds.filter((seed) => seededRandom(seed).pick(NAMES) === ' Linus');
    expect(failing.length, 'the fixture needs seeds that fail and seeds that pass').toBeGreaterThan(0);
    expect(failing.length).toBeLessThan(seeds.length);
    const result = await course.run(['selfcheck', '--seeds', '6'], { timeoutMs: 120_000 });
    expect(result.stdout).toContain(`✗ exercise-01 greet         ${failing.length} of 6 seeds break it`);
    for (const seed of seeds) {
      const line = `seed ${seed}: the solution fails (KATAS_SEED=${seed} npm run selfcheck 01 replays it)`;
      if (failing.includes(seed)) expect(result.stdout).toContain(line);
      else expect(result.stdout).not.toContain(line);
    }
    expect(result.stdout).toContain('task 1: greet by name › greets a random name');
    expect(result.stdout).toContain('selfcheck seeds 1..6: 0 passed, 1 failed');
    expect(result.exitCode).toBe(1);
  });

  it('passes a randomised test whose rule holds on every seed, and reports the breaks as JSON', async () => {
    addRandomTest(SOMETIMES_WRONG.replace('" Linus"', '"Linus"'));
    const result = await course.run(['selfcheck', '--seeds', '3..5', '--json'], { timeoutMs: 120_000 });
    const report = JSON.parse(result.stdout) as { ok: boolean; seeds: number[]; exercises: { files: string[]; breaks: unknown[] }[] };
    expect(report).toMatchObject({ ok: true, seeds: [3, 4, 5], exercises: [{ files: [testFile], breaks: [] }] });
    expect(result.exitCode).toBe(0);
  });

  it('fails a starter that passes a task, naming the seed', async () => {
    addRandomTest(SOMETIMES_WRONG.replace('" Linus"', '"Linus"'));
    course.write(starterFile, solution().replace("return { error: 'internal server error' };", "throw new Error('TODO: task 2');"));
    const result = await course.run(['selfcheck', '--seeds', '2'], { timeoutMs: 120_000 });
    expect(result.stdout).toContain('seed 1: the starter passes a task (KATAS_SEED=1 npm run selfcheck 01 replays it)');
    expect(result.stdout).toContain('task 1 passes (3 tests)');
    expect(result.exitCode).toBe(1);
  });

  it('has nothing to sweep in an exercise whose tests draw nothing at random', async () => {
    const result = await course.run(['selfcheck', '--seeds', '3']);
    expect(result.stdout).toContain('· exercise-01 greet         no randomised tests');
    expect(result.exitCode).toBe(0);
  });

  it('refuses a seed count that is not one', async () => {
    const result = await course.run(['selfcheck', '--seeds', 'many']);
    expect(result.stderr).toContain('--seeds takes a count (300) or a range (301..600)');
    expect(result.exitCode).toBe(2);
  });
});

describe('npm run selfcheck', () => {
  it("runs the starter, the solution and every mutant on the run's one seed, the one it reports", async () => {
    // Each target's test file notes the seed it drew from; a self-check starts several test processes.
    addRandomTest(`  it('notes its seed', () => {
    appendFileSync(${JSON.stringify(path.join(course.root, 'seeds.txt'))}, \`\${inject('katasTarget')} \${seededRandom().seed}\\n\`);
  });
`);
    course.write(testFile, `import { appendFileSync } from 'node:fs';\nimport { inject } from 'vitest';\n${course.read(testFile)}`);
    const result = await course.run(['selfcheck', '--json', '--all-tests'], { env: { KATAS_SEED: '' }, timeoutMs: 120_000 });
    const [exercise] = (JSON.parse(result.stdout) as { exercises: { seeds: number[] }[] }).exercises;
    const noted = course.read('seeds.txt').trim().split('\n').map((line) => line.split(' ') as [string, string]);
    const runSeed = exercise?.seeds[0];
    const onRunSeed = noted.filter(([target]) => !target.includes(':seed-'));
    expect(onRunSeed.map(([target]) => target).sort()).toEqual(['01-greet:mutant:no-trim', '01-greet:mutant:stack-behind-debug', '01-greet:solution', '01-greet:starter']);
    expect(new Set(onRunSeed.map(([, seed]) => Number(seed))), result.stdout).toEqual(new Set([runSeed]));
  });

  it("runs the solution's randomised tests on more seeds than the run's own and names a seed that fails", async () => {
    // The rule holds for the run's seed only: every other seed must be reported.
    addRandomTest(`  it('draws from the run\\'s seed', () => {
    expect(seededRandom().seed).toBe(4242);
  });
`);
    const result = await course.run(['selfcheck', '--json'], { env: { KATAS_SEED: '4242' }, timeoutMs: 120_000 });
    const report = JSON.parse(result.stdout) as { exercises: { seeds: number[]; solutionFailingTests: string[] }[] };
    const [exercise] = report.exercises;
    expect(exercise?.seeds[0]).toBe(4242);
    expect(exercise?.seeds).toHaveLength(3);
    const extra = exercise?.seeds.slice(1) ?? [];
    const failing = exercise?.solutionFailingTests ?? [];
    expect(failing, result.stdout).toHaveLength(extra.length);
    for (const seed of extra) {
      expect(failing.some((test) => test.startsWith(`on seed ${seed} (KATAS_SEED=${seed} replays it): task 1: greet by name › draws from the run's seed: `)), result.stdout).toBe(true);
    }
  });
});
