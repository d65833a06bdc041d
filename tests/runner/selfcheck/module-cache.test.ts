// The self-check's shared threads load modules vitest kept compiled on disk from the last
// run (runner/check/test-run.ts keptTransforms): a copy has the same paths every run, so
// what decides is the content. A source edited between two runs at the same path must be
// run as it is now; and the folder is emptied past its bound (module-cache.ts).
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moduleCacheDir } from '../../../runner/check/test-run.js';
import { boundModuleCache } from '../../../runner/selfcheck/module-cache.js';
import { oneOffCourse, type OneOffCourse } from '../../support/one-off-course.js';

let course: OneOffCourse;

const TESTS = `import { expect, it } from 'vitest';
import { x } from '../src/x.js';
it('reads x', () => {
  expect(x).toBe(1);
});
`;

beforeAll(async () => {
  course = await oneOffCourse([{ folder: '01-kept', tests: { 'x.test.ts': TESTS }, tasks: ['only'] }]);
}, 120_000);

afterAll(() => course.remove());

/** Runs the test on a copy whose src/x.ts says `x = value`, as the self-check runs a mutant's copy. */
function runWith(value: number): Promise<string> {
  return course.runScript(`
    const { writeFileSync } = await import('node:fs');
    const { loadCourse, resolveExercise } = await import(${course.compiled('course/discover.js')});
    const { runSettled } = await import(${course.compiled('sandbox/run-settled.js')});
    const { makeCopy, removeCopies } = await import(${course.compiled('selfcheck/copies.js')});
    const exercise = resolveExercise(loadCourse(process.cwd()), 'kept');
    const copy = makeCopy(process.cwd(), exercise, 'mutant.x', (dir) => writeFileSync(dir + '/x.ts', 'export const x = ${value};\\n'));
    const outcomes = await runSettled(process.cwd(), [{ name: 'mutant', exercise: copy }], { sharedThreads: true, maxWorkers: 1 });
    removeCopies(process.cwd());
    process.stdout.write(JSON.stringify(outcomes.get('mutant').tests.map((test) => test.state)), () => process.exit(0));
  `);
}

describe('modules kept compiled between self-checks', () => {
  it('are kept, and a source edited at the same path runs as it is now', async () => {
    expect(JSON.parse(await runWith(1))).toEqual(['passed']);
    expect(readdirSync(moduleCacheDir(course.root)).length, 'the compiled modules are kept').toBeGreaterThan(1);
    expect(JSON.parse(await runWith(2)), 'src/x.ts now says x = 2: a module kept from the first run would pass').toEqual(['failed']);
    expect(JSON.parse(await runWith(1))).toEqual(['passed']);
  }, 120_000);
});

describe('boundModuleCache', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'katas-module-cache-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('keeps the folder within its bound and empties it past the bound', () => {
    const dir = moduleCacheDir(root);
    mkdirSync(path.join(dir, 'nested'), { recursive: true });
    writeFileSync(path.join(dir, 'a'), 'x'.repeat(600));
    writeFileSync(path.join(dir, 'nested', 'b'), 'x'.repeat(600));
    expect(boundModuleCache(root, 1_200)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['a', 'nested']);
    writeFileSync(path.join(dir, 'c'), 'x');
    expect(boundModuleCache(root, 1_200)).toBe(true);
    expect(() => readdirSync(dir)).toThrow();
    expect(boundModuleCache(root, 1_200), 'no folder, nothing to bound').toBe(false);
  });
});
